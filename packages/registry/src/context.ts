import type { ArtifactStore } from './artifacts/artifact-store.js';
import type { Db } from './db/client.js';

/** What every repository function works with. */
export interface RegistryContext {
  db: Db;
  artifacts: ArtifactStore;
}

/** Recorded as the actor when a caller names none. */
export const SYSTEM_ACTOR = 'system';
