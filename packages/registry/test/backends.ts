import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { RegistryContext } from '../src/context.js';
import { migrate } from '../src/migrate.js';
import { type OpenedRegistry, openRegistryWithContext } from '../src/open-registry-with-context.js';

export const ADMIN_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The same URL with another database name. */
export function databaseUrlFor(database: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh, uniquely named PostgreSQL database; `drop()` removes it (even with open sessions). */
export async function createTestDatabase(
  label: string,
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `assay_registry_${label}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: databaseUrlFor(name),
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface Backend {
  name: 'embedded' | 'postgres';
  /** Creates the database (migrated) and opens a registry on it. */
  setUp(): Promise<BackendFixture>;
}

export interface BackendFixture extends OpenedRegistry {
  databaseUrl: string | undefined;
  /** Raw SQL on the registry's database (for checks the API cannot express). */
  query<T>(sql: string, ...values: unknown[]): Promise<T[]>;
  /** Closes the registry and opens it again on the same data. */
  reopen(): Promise<BackendFixture>;
  tearDown(): Promise<void>;
}

function fixture(
  opened: OpenedRegistry,
  databaseUrl: string | undefined,
  cleanup: () => Promise<void>,
): BackendFixture {
  const db: RegistryContext['db'] = opened.ctx.db;
  const self: BackendFixture = {
    ...opened,
    databaseUrl,
    query: <T>(sql: string, ...values: unknown[]) => db.$queryRawUnsafe<T[]>(sql, ...values),
    async reopen() {
      await opened.registry.close();
      const again = await openRegistryWithContext({ databaseUrl, dataDir: opened.dataDir });
      return fixture(again, databaseUrl, cleanup);
    },
    async tearDown() {
      await opened.registry.close();
      await cleanup();
    },
  };
  return self;
}

export const backends: Backend[] = [
  {
    name: 'embedded',
    async setUp() {
      const dataDir = await mkdtemp(join(tmpdir(), 'assay-registry-test-'));
      const opened = await openRegistryWithContext({ dataDir });
      return fixture(opened, undefined, () => rm(dataDir, { recursive: true, force: true }));
    },
  },
  {
    name: 'postgres',
    async setUp() {
      const database = await createTestDatabase('suite');
      const dataDir = await mkdtemp(join(tmpdir(), 'assay-registry-test-'));
      try {
        await migrate({ databaseUrl: database.url });
        const opened = await openRegistryWithContext({ databaseUrl: database.url, dataDir });
        return fixture(opened, database.url, async () => {
          await database.drop();
          await rm(dataDir, { recursive: true, force: true });
        });
      } catch (error) {
        await database.drop();
        await rm(dataDir, { recursive: true, force: true });
        throw error;
      }
    },
  },
];
