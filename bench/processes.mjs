// Starting the API and its workers as real processes for a bench (the scale test, the AutoML
// workers bench): each from its build (`apps/api/dist/`), ready once it prints its `NAME=value`
// line; and calling the API with the admin key the bench started it with.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { migrate } from '@assay/registry';
import pg from 'pg';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The admin key the bench's API processes are started with (`ASSAY_ADMIN_KEY`). */
export const KEY = `assay_${randomBytes(24).toString('base64url')}`;

/** Every process started and not yet exited (for a last SIGKILL). */
export const children = new Set();

/**
 * Starts `script` (relative to the repository) with `env` added; resolves once it prints
 * `readyLine=…`, with the child and every `NAME=value` line seen so far.
 */
export function start(script, env, readyLine) {
  const child = spawn(process.execPath, [join(root, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const seen = {};
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (!seen[readyLine]) reject(new Error(`${script} exited (${code ?? signal}): ${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/^([A-Z_]+)=(.*)$/);
      if (m) seen[m[1]] = m[2];
      if (m?.[1] === readyLine) resolve({ child, seen });
    });
  });
}

/** Kills every process still running. */
export function killAll() {
  for (const child of children) child.kill('SIGKILL');
}

/** One API call with the admin key: the parsed JSON answer, or an error with the status. */
export async function call(api, method, path, body, contentType = 'application/json') {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': contentType },
    body:
      body === undefined
        ? undefined
        : contentType === 'application/json'
          ? JSON.stringify(body)
          : body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * A fresh migrated PostgreSQL database (named `assay_<label>_<random>`, on TEST_DATABASE_URL's
 * server), a client on it, a data directory, and the environment every API and worker process of
 * the bench shares (jobs on the Redis of REDIS_URL, under a prefix of the database's name).
 * `drop()` closes the client, drops the database and removes the directory.
 */
export async function freshCluster(label) {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const database = `assay_${label}_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  await migrate({ databaseUrl });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const dataDir = await mkdtemp(join(tmpdir(), `assay-${label}-`));
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    ASSAY_REDIS_PREFIX: database,
    ASSAY_ARTIFACT_DIR: join(dataDir, 'artifacts'),
    ASSAY_LOG_LEVEL: 'warn',
    ASSAY_RATE_LIMIT_RPS: '0',
    ASSAY_COMPUTE_THREADS: '1',
  };
  const drop = async () => {
    await db.end();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await rm(dataDir, { recursive: true, force: true });
  };
  return { database, databaseUrl, db, dataDir, env, drop };
}
