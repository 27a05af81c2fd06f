import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedEmbeddedDataDir } from '@assay/registry/testing';
import pg from 'pg';
import { repoRoot } from './paths.js';
import { runCommand } from './processes.js';

/** Where a test's API keeps its data: a fresh embedded database or a fresh PostgreSQL database. */
export interface Backend {
  env: Record<string, string>;
  dispose: () => Promise<void>;
}

export type BackendName = 'embedded' | 'postgres';
export const BACKENDS: BackendName[] = ['embedded', 'postgres'];

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export async function createBackend(name: BackendName): Promise<Backend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'assay-e2e-'));
  if (name === 'embedded') {
    // A copy of a migrated empty database: what the API's first open would make, minus initdb.
    await seedEmbeddedDataDir(dataDir);
    return {
      env: { ASSAY_DATA_DIR: dataDir },
      dispose: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const database = `assay_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  // The documented explicit migration step for PostgreSQL.
  await runCommand(process.execPath, [join(repoRoot, 'packages/registry/dist/cli/migrate.js')], {
    DATABASE_URL: databaseUrl,
  });
  return {
    env: { DATABASE_URL: databaseUrl, ASSAY_DATA_DIR: dataDir },
    dispose: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
