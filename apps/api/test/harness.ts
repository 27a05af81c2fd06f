import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertDocumented, OpenApiChecker } from '@assay/openapi-check';
import { openRegistry, type Registry } from '@assay/registry';
import { seedEmbeddedDataDir } from '@assay/registry/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readEnv } from '../src/env.js';
import { ensureFirstKey } from '../src/first-key/ensure-first-key.js';
import { AppLogger } from '../src/observability/logger.js';
import type { Resolver } from '../src/outbound/outbound-policy.js';
import { createApp } from '../src/server.js';

export interface Harness {
  url: string;
  /** The embedded database and the local artifact store (`artifacts/`). */
  dataDir: string;
  key: string;
  registry: Registry;
  call: (path: string, init?: RequestInit & { key?: string | null }) => Promise<Response>;
  close: () => Promise<void>;
}

/**
 * The API in-process on a fresh embedded database, listening on a free port. `resolver`
 * replaces DNS for the outbound policy (names of the test's own).
 */
export async function startHarness(
  env: Record<string, string> = {},
  options: { resolver?: Resolver; databaseUrl?: string } = {},
): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'assay-api-'));
  if (!options.databaseUrl) await seedEmbeddedDataDir(dataDir);
  // PostgreSQL when a (migrated) database is given, else the embedded database in dataDir
  const registry = await openRegistry({
    dataDir,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
  });
  const first = await ensureFirstKey(registry, 'default');
  if (!first) throw new Error('a fresh database must yield a first key');
  const app: NestFastifyApplication = await createApp({
    env: readEnv({ ASSAY_DATA_DIR: dataDir, ...env }),
    registry,
    tensorflowBackend: 'cpu',
    logger: new AppLogger('json', 'error'),
    ...(options.resolver ? { resolver: options.resolver } : {}),
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // Every answer is checked against the live document: a documented status, and a JSON body that
  // matches the schema documented for it (@assay/openapi-check).
  const checker = new OpenApiChecker(
    (await (await fetch(`${url}/openapi.json`)).json()) as Record<string, unknown>,
  );
  const call = async (path: string, init: RequestInit & { key?: string | null } = {}) => {
    const { key = first.key, headers, ...rest } = init;
    const res = await fetch(`${url}${path}`, {
      ...rest,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(headers as Record<string, string>),
      },
    });
    await assertDocumented(checker, rest.method ?? 'GET', path, res);
    return res;
  };
  return {
    url,
    dataDir,
    key: first.key,
    registry,
    call,
    close: async () => {
      await app.close();
      await registry.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Registers model `name` in the default project with one version of a JSON spec (201s checked). */
export async function registerSpecVersion(h: Harness, name: string, spec: unknown): Promise<void> {
  const model = await h.call('/v1/projects/default/models', json({ name }));
  if (model.status !== 201) throw new Error(`register ${name}: ${await model.text()}`);
  const upload = await h.call(`/v1/projects/default/models/${name}/versions?format=json`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: JSON.stringify(spec),
  });
  if (upload.status !== 201) throw new Error(`upload ${name}: ${await upload.text()}`);
}

export const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The shape of an RFC 9457 problem body, as the tests read it. */
export interface ProblemBody {
  type: string;
  status: number;
  detail: string;
  errors: { path: string; message: string }[];
}

/** Reads a JSON body as the type the test expects (the assertions check it). */
export const readJson = async <T>(res: Response): Promise<T> => (await res.json()) as T;

/** A reference case from `fixtures/golden` (`ASSAY_GOLDEN_DIR` overrides). */
export function goldenCase(
  family: string,
  id: string,
): { input: unknown; params: unknown; expected?: Record<string, unknown>; expectError?: string } {
  const dir =
    process.env.ASSAY_GOLDEN_DIR ??
    fileURLToPath(new URL('../../../fixtures/golden', import.meta.url));
  const file = JSON.parse(readFileSync(join(dir, `${family}.json`), 'utf8')) as {
    cases: { id: string; input: unknown; params: unknown }[];
  };
  const found = file.cases.find((c) => c.id === id);
  if (!found) throw new Error(`golden case ${id} not in ${family}.json`);
  return found;
}

/** A data set of the repository's `fixtures/datasets/` (`iris`, `fair`, …) as CSV text. */
export const fixtureCsv = (name: string): string =>
  readFileSync(
    fileURLToPath(new URL(`../../../fixtures/datasets/${name}.csv`, import.meta.url)),
    'utf8',
  );

/** The statuses after which a job (or an AutoML run) no longer changes. */
export const ENDED = ['succeeded', 'failed', 'cancelled'];

/** Reads `read` every 100 ms until `done` holds of its value, at most for `seconds`. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  seconds = 120,
): Promise<T> {
  for (let i = 0; i < seconds * 10; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not reached within ${seconds} s`);
}
