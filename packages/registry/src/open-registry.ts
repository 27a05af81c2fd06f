import { openRegistryWithContext } from './open-registry-with-context.js';
import type { OpenRegistryOptions, Registry } from './registry.js';

/**
 * Opens the registry.
 *
 * - With `databaseUrl`: PostgreSQL. Its migrations must have been applied with `assay-migrate`
 *   (or `migrate()`); otherwise this throws `RegistryError('unavailable')` saying so.
 * - Without: the embedded database (PGlite) in `${dataDir}/pglite`, created and migrated on open.
 *   One process at a time: the data directory is locked while open.
 */
export async function openRegistry(options: OpenRegistryOptions = {}): Promise<Registry> {
  return (await openRegistryWithContext(options)).registry;
}
