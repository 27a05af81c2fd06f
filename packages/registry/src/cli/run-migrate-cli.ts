import { RegistryError } from '../errors.js';
import { migrate } from '../migrate.js';

export const MIGRATE_USAGE = `Usage: assay-migrate [--database-url postgres://user@host:5432/db]

Applies the registry's database migrations to PostgreSQL. The URL comes from --database-url or,
by default, from the DATABASE_URL environment variable. Safe to run again: applied migrations
are skipped. (The embedded database needs no command: it migrates itself when opened.)`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** `assay-migrate` without the process around it; returns the exit code. */
export async function runMigrateCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(MIGRATE_USAGE);
    return 0;
  }
  const flag = argv.indexOf('--database-url');
  const databaseUrl = flag >= 0 ? argv[flag + 1] : env.DATABASE_URL;
  if (databaseUrl === undefined || databaseUrl === '') {
    io.err(
      `assay-migrate: no database URL: set DATABASE_URL or pass --database-url.\n\n${MIGRATE_USAGE}`,
    );
    return 2;
  }
  try {
    const { applied } = await migrate({ databaseUrl });
    if (applied.length === 0) {
      io.out('assay-migrate: the database is up to date; no migration applied.');
    } else {
      io.out(`assay-migrate: applied ${applied.length} migration(s):`);
      for (const name of applied) io.out(`  ${name}`);
    }
    return 0;
  } catch (error) {
    io.err(
      `assay-migrate: ${error instanceof RegistryError ? error.message : String((error as Error)?.stack ?? error)}`,
    );
    return 1;
  }
}
