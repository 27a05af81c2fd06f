import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { ArtifactStore } from './artifacts/artifact-store.js';
import { LocalArtifactStore } from './artifacts/local-artifact-store.js';
import { S3ArtifactStore } from './artifacts/s3-artifact-store.js';
import type { RegistryContext } from './context.js';
import { createRegistry } from './create-registry.js';
import { applyMigrations } from './db/apply-migrations.js';
import { createPgliteClient, createPostgresClient } from './db/client.js';
import { lockDataDir } from './db/data-dir-lock.js';
import { assertPostgresUrl, redactDatabaseUrl } from './db/database-url.js';
import { mapDbError } from './db/map-db-error.js';
import { pgliteMigrationAdapter } from './db/migration-adapters.js';
import { migrationNames, readMigrationState, readMigrations } from './db/migrations.js';
import { RegistryError } from './errors.js';
import type { OpenRegistryOptions, Registry } from './registry.js';

/** A temporary file not written for this long belongs to no live write (requests last ≤ 5 min). */
const STALE_TEMPORARY_FILE_MS = 15 * 60_000;

/** A registry and the context behind it (for this package's tests and tools; not exported). */
export interface OpenedRegistry {
  registry: Registry;
  ctx: RegistryContext;
  dataDir: string;
  artifactDir: string;
}

/**
 * Opens a registry and returns the context behind it too: for this package's tests and tools
 * only (the context holds the Prisma client, which must not leave the package).
 */
export async function openRegistryWithContext(
  options: OpenRegistryOptions = {},
): Promise<OpenedRegistry> {
  const dataDir = resolve(options.dataDir ?? join(process.cwd(), '.assay-data'));
  const artifactDir = resolve(options.artifactDir ?? join(dataDir, 'artifacts'));
  // With S3 configured, `artifactDir/tmp` only spools uploads (the key is known once hashed).
  const artifacts: ArtifactStore =
    options.s3 !== undefined
      ? new S3ArtifactStore(options.s3, join(artifactDir, 'tmp'))
      : new LocalArtifactStore(artifactDir);
  const ctx =
    options.databaseUrl !== undefined
      ? await openPostgresRegistry(options.databaseUrl, artifactDir, artifacts)
      : await openEmbeddedRegistry(dataDir, artifactDir, artifacts);
  // Temporary files of writes that died with their process (killed mid-upload). The embedded
  // database belongs to one process, so every one of them is dead; on PostgreSQL, other
  // processes may share the directory, and only files idle for longer than any request may
  // last are taken.
  const idleMs = options.databaseUrl !== undefined ? STALE_TEMPORARY_FILE_MS : 0;
  try {
    await artifacts.removeStaleTemporaryFiles(new Date(Date.now() - idleMs));
  } catch (error) {
    await ctx.registry.close();
    throw error;
  }
  return { ...ctx, dataDir, artifactDir };
}

async function openEmbeddedRegistry(
  dataDir: string,
  artifactDir: string,
  artifacts: ArtifactStore,
): Promise<{ registry: Registry; ctx: RegistryContext }> {
  await mkdir(join(dataDir, 'pglite'), { recursive: true });
  await mkdir(artifactDir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  let pglite: PGlite | undefined;
  try {
    pglite = await PGlite.create(join(dataDir, 'pglite'));
    const database = pglite;
    await applyMigrations(
      pgliteMigrationAdapter(database),
      async (sql) => (await database.query(sql)).rows as never[],
    );
    const db = createPgliteClient(database);
    const ctx: RegistryContext = { db, artifacts };
    const registry = createRegistry(ctx, 'embedded', async () => {
      try {
        await db.$disconnect();
        await database.close();
      } finally {
        await unlock();
      }
    });
    return { registry, ctx };
  } catch (error) {
    try {
      await pglite?.close();
    } finally {
      await unlock();
    }
    throw error;
  }
}

async function openPostgresRegistry(
  databaseUrl: string,
  artifactDir: string,
  artifacts: ArtifactStore,
): Promise<{ registry: Registry; ctx: RegistryContext }> {
  assertPostgresUrl(databaseUrl);
  await mkdir(artifactDir, { recursive: true });
  // One pool for Prisma and for what Prisma cannot do (COPY): the same connections, one limit.
  const pool = new pg.Pool({ connectionString: databaseUrl });
  // An idle connection the server closed: the next query through it reports the error.
  pool.on('error', () => {});
  const db = createPostgresClient(pool);
  const close = async () => {
    try {
      await db.$disconnect();
    } finally {
      await pool.end();
    }
  };
  try {
    const expected = migrationNames(await readMigrations());
    const state = await readMigrationState((sql) => db.$queryRawUnsafe(sql), expected).catch(
      (error: unknown) => {
        const mapped = mapDbError(error);
        const reason = error instanceof Error ? error.message : String(error);
        throw mapped instanceof RegistryError
          ? mapped
          : new RegistryError(
              'unavailable',
              `Cannot reach PostgreSQL at ${redactDatabaseUrl(databaseUrl)}: ${reason}`,
              {
                cause: error,
              },
            );
      },
    );
    if (state.failed.length > 0) {
      throw new RegistryError(
        'unavailable',
        `The PostgreSQL database at ${redactDatabaseUrl(databaseUrl)} has failed migrations (${state.failed.join(', ')}). ` +
          'Resolve them, then run the migrate command again: `DATABASE_URL=… assay-migrate`.',
      );
    }
    if (state.pending.length > 0) {
      throw new RegistryError(
        'unavailable',
        `The PostgreSQL database at ${redactDatabaseUrl(databaseUrl)} is not migrated ` +
          `(${state.pending.length} of ${expected.length} migrations not applied: ${state.pending.join(', ')}). ` +
          'Run the migrate command first: `DATABASE_URL=… assay-migrate` ' +
          '(in this repository: `pnpm --filter @assay/registry migrate`), or call migrate({ databaseUrl }).',
      );
    }
    const ctx: RegistryContext = { db, artifacts, pg: pool };
    return { registry: createRegistry(ctx, 'postgres', close), ctx };
  } catch (error) {
    await close();
    throw error;
  }
}
