import { readFile } from 'node:fs/promises';
import { RegistryError } from '../errors.js';
import { schemaPath } from '../paths.js';
import {
  migrationNames,
  type QueryRows,
  readMigrationState,
  readMigrations,
} from './migrations.js';
import { type MigrationAdapter, noSchemaFilter, withSchemaEngine } from './schema-engine.js';

export interface ApplyMigrationsResult {
  /** Migrations applied by this call (empty when the database was up to date). */
  applied: string[];
}

/**
 * Applies the committed migrations through the WebAssembly schema engine, then checks
 * `_prisma_migrations` independently: every migration of the folder must be recorded as finished,
 * or this throws (a migration run must never report success without effect).
 */
export async function applyMigrations(
  adapter: MigrationAdapter,
  query: QueryRows,
  options: { migrationsDir?: string } = {},
): Promise<ApplyMigrationsResult> {
  const list = await readMigrations(options.migrationsDir);
  const expected = migrationNames(list);
  if (expected.length === 0) {
    throw new RegistryError('unavailable', `No migrations found in ${list.baseDir}`);
  }
  const schema = await readFile(schemaPath, 'utf8');
  let applied: string[];
  try {
    applied = await withSchemaEngine(adapter, schema, async (engine) => {
      const output = await engine.applyMigrations({
        migrationsList: list,
        filters: noSchemaFilter,
      });
      return output.appliedMigrationNames;
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RegistryError('unavailable', `Applying database migrations failed: ${message}`, {
      cause: error,
    });
  }
  const state = await readMigrationState(query, expected);
  if (state.pending.length > 0 || state.failed.length > 0) {
    throw new RegistryError(
      'unavailable',
      `The schema engine reported success, but the database does not record these migrations as applied: ${[
        ...state.pending,
        ...state.failed,
      ].join(', ')}`,
    );
  }
  return { applied };
}
