import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { openRegistry } from '@assay/registry';
import { collectDefaultMetrics, Registry as PromRegistry } from 'prom-client';
import { computePoolOptions, readEnv, s3Options } from './env.js';
import { JOB_HANDLERS } from './job-handlers.js';
import { BullMqJobQueue } from './jobs/bullmq-queue.js';
import { startBullMqWorker } from './jobs/bullmq-worker.js';
import { ComputePool } from './jobs/compute/compute-pool.js';
import type { JobLog } from './jobs/run-job.js';
import { JobTelemetry } from './observability/job-telemetry.js';
import { AppLogger } from './observability/logger.js';
import { exitOnStartupFailure, stopOnSignals } from './process-lifecycle.js';

/**
 * A job worker (`pnpm --filter @assay/api worker`): takes jobs from the BullMQ queue on
 * `REDIS_URL` and runs them against the same database and artifact store as the API
 * (`DATABASE_URL`, the S3 settings). Run as many as the work needs, on any machine.
 * SIGTERM / SIGINT: take no new job, finish the running ones, exit.
 */
async function main(): Promise<void> {
  const env = readEnv();
  const logger = new AppLogger(env.ASSAY_LOG_FORMAT, env.ASSAY_LOG_LEVEL);
  if (!env.REDIS_URL) {
    throw new Error(
      'REDIS_URL is not set: without Redis the API runs jobs itself and needs no worker',
    );
  }
  if (!env.DATABASE_URL) {
    throw new Error(
      'DATABASE_URL is not set: workers share the API’s PostgreSQL (the embedded database belongs to one process)',
    );
  }
  const s3 = s3Options(env);
  const registry = await openRegistry({
    databaseUrl: env.DATABASE_URL,
    dataDir: resolve(env.ASSAY_DATA_DIR),
    ...(env.ASSAY_ARTIFACT_DIR ? { artifactDir: resolve(env.ASSAY_ARTIFACT_DIR) } : {}),
    ...(s3 ? { s3 } : {}),
  });
  const log: JobLog = {
    info: (msg, fields) => logger.write('info', msg, fields),
    warn: (msg, fields) => logger.write('warn', msg, fields),
    error: (msg, fields) => logger.write('error', msg, fields),
  };
  const compute = new ComputePool(computePoolOptions(env));
  const prometheus = new PromRegistry();
  collectDefaultMetrics({ register: prometheus, prefix: 'assay_worker_' });
  const jobTelemetry = new JobTelemetry(prometheus);
  // Jobs Redis never got (or lost) are found in the database and handed over again, by every
  // worker: hand-overs are idempotent and claims exclusive.
  const queue = new BullMqJobQueue(env.REDIS_URL, env.ASSAY_REDIS_PREFIX);
  const worker = startBullMqWorker(
    {
      registry,
      log,
      leaseMs: env.ASSAY_JOB_LEASE_MS,
      telemetry: jobTelemetry,
      compute,
      handlers: JOB_HANDLERS,
      enqueue: (job) => queue.enqueue(job),
      remoteWorkers: true,
    },
    {
      redisUrl: env.REDIS_URL,
      prefix: env.ASSAY_REDIS_PREFIX,
      concurrency: env.ASSAY_JOB_CONCURRENCY,
      lockMs: env.ASSAY_JOB_LEASE_MS,
    },
  );
  const sweep = setInterval(
    () => {
      queue.handOverStranded(registry, log, env.ASSAY_JOB_LEASE_MS).catch((error: unknown) => {
        log.warn('could not sweep for stranded jobs', { error: (error as Error).message });
      });
    },
    Math.max(1000, env.ASSAY_JOB_LEASE_MS),
  );
  const server =
    env.ASSAY_WORKER_METRICS_PORT === undefined
      ? undefined
      : await serveMetrics(prometheus, env.ASSAY_WORKER_METRICS_PORT, env.ASSAY_API_HOST);
  await worker.waitUntilReady();
  if (server) process.stdout.write(`ASSAY_WORKER_METRICS_URL=${server.url}/metrics\n`);
  process.stdout.write('ASSAY_WORKER=ready\n');
  logger.info('worker ready', { concurrency: env.ASSAY_JOB_CONCURRENCY });

  stopOnSignals(logger, 'worker stopping: finishing running jobs', async () => {
    clearInterval(sweep);
    await worker.close();
    await queue.close();
    await compute.close();
    server?.close();
    await registry.close();
  });
}

main().catch(exitOnStartupFailure('worker'));

/** A worker's small HTTP server: `/metrics` for Prometheus, `/healthz` for a process manager. */
async function serveMetrics(
  prometheus: PromRegistry,
  port: number,
  host: string,
): Promise<{ url: string; close: () => void }> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/metrics') {
      prometheus.metrics().then(
        (text) => res.writeHead(200, { 'content-type': prometheus.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    } else if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { url: `http://${host}:${bound}`, close: () => server.close() };
}
