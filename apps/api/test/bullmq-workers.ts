import { execFileSync } from 'node:child_process';
import { migrate, openRegistry } from '@assay/registry';
import { computePoolOptions, readEnv } from '../src/env.js';
import { JOB_HANDLERS } from '../src/job-handlers.js';
import { BullMqJobQueue } from '../src/jobs/bullmq-queue.js';
import { startBullMqWorker } from '../src/jobs/bullmq-worker.js';
import { ComputePool } from '../src/jobs/compute/compute-pool.js';

/** The PostgreSQL server the registry's tests use (`TEST_DATABASE_URL`, trust authentication). */
const PG_ADMIN = new URL(
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
);
const pgArgs = ['-h', PG_ADMIN.hostname, '-p', PG_ADMIN.port || '5432', '-U', PG_ADMIN.username];

export const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh migrated PostgreSQL database named after `label`; the returned function drops it. */
export async function freshPostgres(label: string): Promise<{ url: string; drop: () => void }> {
  const name = `assay_api_${label}_${process.pid}_${Date.now().toString(36)}`;
  execFileSync('createdb', [...pgArgs, name]);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  await migrate({ databaseUrl: url.toString() });
  return { url: url.toString(), drop: () => execFileSync('dropdb', [...pgArgs, '--force', name]) };
}

/**
 * Starts `count` BullMQ workers in this process, as `worker.ts` starts them: each with its own
 * registry, one compute thread and queue handle, on the API's database and data directory. Returns
 * the function that stops them all.
 */
export async function startWorkers(options: {
  count: number;
  databaseUrl: string;
  dataDir: string;
  prefix: string;
  concurrency: number;
  leaseMs: number;
}): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  for (let w = 0; w < options.count; w++) {
    const registry = await openRegistry({
      databaseUrl: options.databaseUrl,
      dataDir: options.dataDir,
    });
    const compute = new ComputePool(computePoolOptions(readEnv({ ASSAY_COMPUTE_THREADS: '1' })));
    const queue = new BullMqJobQueue(REDIS, options.prefix);
    const quiet = { info: () => {}, warn: () => {}, error: () => {} };
    const worker = startBullMqWorker(
      {
        registry,
        log: quiet,
        leaseMs: options.leaseMs,
        compute,
        handlers: JOB_HANDLERS,
        enqueue: (job) => queue.enqueue(job),
        remoteWorkers: true,
      },
      {
        redisUrl: REDIS,
        prefix: options.prefix,
        concurrency: options.concurrency,
        lockMs: options.leaseMs,
      },
    );
    stops.push(async () => {
      await worker.close();
      await queue.close();
      await compute.close();
      await registry.close();
    });
  }
  return async () => {
    for (const stop of stops) await stop();
  };
}
