import type pg from 'pg';
import type { ArtifactStore } from './artifacts/artifact-store.js';
import type { Db } from './db/client.js';

/** What every repository function works with. */
export interface RegistryContext {
  db: Db;
  artifacts: ArtifactStore;
  /**
   * On PostgreSQL, the connection pool behind `db` (Prisma's adapter queries through it), for
   * what Prisma cannot do: `COPY` (db/bulk-insert.ts). Absent on the embedded database.
   */
  pg?: pg.Pool;
}

/** Recorded as the actor when a caller names none. */
export const SYSTEM_ACTOR = 'system';
