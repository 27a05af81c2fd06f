import pg from 'pg';
import { applyMigrations } from './db/apply-migrations.js';
import { assertPostgresUrl, redactDatabaseUrl } from './db/database-url.js';
import { postgresMigrationAdapter } from './db/migration-adapters.js';
import { RegistryError } from './errors.js';

/**
 * Applies the committed migrations (prisma/migrations) to a PostgreSQL database, recording them in
 * `_prisma_migrations`, then checks that every one is recorded as finished. Running it again
 * applies nothing. Returns the names of the migrations this call applied.
 */
export async function migrate(options: { databaseUrl: string }): Promise<{ applied: string[] }> {
  assertPostgresUrl(options.databaseUrl);
  const client = new pg.Client({ connectionString: options.databaseUrl });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new RegistryError(
      'unavailable',
      `Cannot reach PostgreSQL at ${redactDatabaseUrl(options.databaseUrl)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  try {
    return await applyMigrations(postgresMigrationAdapter(options.databaseUrl), async (sql) => {
      const result = await client.query(sql);
      return result.rows;
    });
  } finally {
    await client.end();
  }
}
