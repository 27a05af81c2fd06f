import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { migrationsDir } from '../paths.js';

/** Loads a standard Prisma migrations folder the way the Prisma CLI hands it to the engine. */
export async function readMigrations(dir: string = migrationsDir): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true });
  const lockPath = join(dir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const content = await readFile(join(dir, name, 'migration.sql'), 'utf8').then(
        (value) => ({ tag: 'ok' as const, value }),
        (error: Error) => ({ tag: 'error' as const, value: error.message }),
      );
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

export function migrationNames(list: MigrationList): string[] {
  return list.migrationDirectories.map((directory) => directory.path);
}

/** Runs one SQL query and returns its rows. */
export type QueryRows = <T>(sql: string) => Promise<T[]>;

export interface MigrationState {
  /** Migrations of the folder that the database records as finished. */
  applied: string[];
  /** Migrations of the folder that the database has not applied. */
  pending: string[];
  /** Migrations the database records as started but not finished (and not rolled back). */
  failed: string[];
  /** Whether `_prisma_migrations` exists at all. */
  hasMigrationsTable: boolean;
}

/** Compares the migrations folder with what `_prisma_migrations` records. */
export async function readMigrationState(
  query: QueryRows,
  expected: string[],
): Promise<MigrationState> {
  const [table] = await query<{ name: string | null }>(
    `SELECT to_regclass('_prisma_migrations')::text AS name`,
  );
  if (table?.name == null) {
    return { applied: [], pending: [...expected], failed: [], hasMigrationsTable: false };
  }
  const rows = await query<{ migration_name: string; finished: boolean; rolled_back: boolean }>(
    `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
       FROM _prisma_migrations`,
  );
  const finished = new Set(
    rows.filter((row) => row.finished && !row.rolled_back).map((row) => row.migration_name),
  );
  const failed = rows
    .filter((row) => !row.finished && !row.rolled_back)
    .map((row) => row.migration_name);
  return {
    applied: expected.filter((name) => finished.has(name)),
    pending: expected.filter((name) => !finished.has(name)),
    failed,
    hasMigrationsTable: true,
  };
}
