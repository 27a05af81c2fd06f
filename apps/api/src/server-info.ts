import { createRequire } from 'node:module';

export const SERVER_INFO = Symbol('ServerInfo');

export interface ServerInfo {
  name: 'assay';
  version: string;
  database: 'embedded' | 'postgres';
  tensorflowBackend: string;
  node: string;
}

const require = createRequire(import.meta.url);
export const API_VERSION: string = (require('../package.json') as { version: string }).version;
