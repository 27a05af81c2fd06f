import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import type pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { MigrationAdapter } from './schema-engine.js';

/**
 * Schema-engine adapter for a PGlite database. Shadow databases (used by `diff` from a
 * migrations folder) are fresh in-memory PGlite instances, closed when the engine is done.
 */
export function pgliteMigrationAdapter(pglite: PGlite): MigrationAdapter {
  const clients = new WeakMap<SqlDriverAdapter, PGlite>();
  return {
    factory: {
      provider: 'postgres',
      adapterName: '@assay/registry+pglite',
      async connect() {
        const connection = await new PrismaPGlite(pglite).connect();
        clients.set(connection, pglite);
        return connection;
      },
      async connectToShadowDb() {
        const shadow = await PGlite.create();
        const connection = await new PrismaPGlite(shadow).connect();
        clients.set(connection, shadow);
        connection.dispose = () => shadow.close();
        return connection;
      },
    },
    async runScript(connection, script) {
      const client = clients.get(connection);
      if (client === undefined)
        throw new Error('runScript: connection was not opened by this adapter');
      await client.exec(script);
    },
  };
}

/** Schema-engine adapter for a PostgreSQL server. */
export function postgresMigrationAdapter(connectionString: string): MigrationAdapter {
  return {
    factory: new PrismaPg({ connectionString }),
    async runScript(connection, script) {
      const driver = (connection as { underlyingDriver?: () => unknown }).underlyingDriver?.();
      if (driver === undefined) throw new Error('runScript: the pg adapter exposes no driver');
      // One simple-protocol query: PostgreSQL runs the statements in one implicit transaction, so
      // a migration applies completely or not at all.
      await (driver as pg.Pool).query(script);
    },
  };
}
