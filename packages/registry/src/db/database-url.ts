import { RegistryError } from '../errors.js';

/** Checks that a URL names a PostgreSQL database. */
export function assertPostgresUrl(databaseUrl: string): void {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch (error) {
    throw new RegistryError(
      'invalid',
      'databaseUrl is not a URL (expected postgres://user@host:5432/db)',
      {
        cause: error,
      },
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new RegistryError(
      'invalid',
      `databaseUrl must start with postgres:// or postgresql:// (got ${url.protocol}//); leave it unset for the embedded database`,
    );
  }
}

/** The URL without its password, for messages. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable database URL>';
  }
}
