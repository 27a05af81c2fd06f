import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './render-kustomize.js';

/**
 * The environment variables the apps read, from their one place each: the keys of the API's env
 * schema (`apps/api/src/env.ts`, which the API and workers share) and the `process.env.X` reads
 * of the portal's `apps/web/lib/env.ts`. Read as text: the API is an app, not a library.
 */
export function apiEnvNames(): Set<string> {
  const text = readFileSync(join(repoRoot, 'apps/api/src/env.ts'), 'utf8');
  const schema = text.slice(text.indexOf('z.object({'), text.indexOf('\n});'));
  return new Set([...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1] as string));
}

export function webEnvNames(): Set<string> {
  const text = readFileSync(join(repoRoot, 'apps/web/lib/env.ts'), 'utf8');
  return new Set([...text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1] as string));
}
