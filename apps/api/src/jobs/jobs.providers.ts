import type { Registry } from '@assay/registry';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import type { ApiEnv } from '../env.js';
import type { JobTelemetry } from '../observability/job-telemetry.js';
import { BullMqJobQueue } from './bullmq-queue.js';
import { COMPUTE_POOL, type ComputePool } from './compute/compute-pool.js';
import { InProcessJobQueue } from './in-process-queue.js';
import type { JobDeps, JobHandlers } from './job-handler.js';
import { JOB_QUEUE, type JobQueue } from './job-queue.js';
import { requestWorkProvider } from './request-work.js';
import type { JobLog } from './run-job.js';

/** The queue for this deployment: BullMQ when `REDIS_URL` is set, else this process. */
export function createJobQueue(
  registry: Registry,
  env: ApiEnv,
  log: JobLog,
  compute: ComputePool,
  handlers: JobHandlers,
  telemetry?: JobTelemetry,
): JobQueue {
  if (env.REDIS_URL) return new BullMqJobQueue(env.REDIS_URL, env.ASSAY_REDIS_PREFIX);
  const deps: JobDeps = {
    registry,
    log,
    leaseMs: env.ASSAY_JOB_LEASE_MS,
    compute,
    handlers,
    ...(telemetry ? { telemetry } : {}),
  };
  const queue = new InProcessJobQueue(deps, {
    concurrency: env.ASSAY_JOB_CONCURRENCY,
    pollMs: env.ASSAY_JOB_POLL_MS,
  });
  // jobs a handler creates (a sharded batch test's shards) are claimed at once, not at the poll
  deps.enqueue = (job) => queue.enqueue(job);
  return queue;
}

/** Nest's logger as a job log (it routes to the application's structured logger). */
function nestJobLog(): JobLog {
  const logger = new Logger('jobs');
  const line = (msg: string, fields?: Record<string, unknown>) =>
    fields ? `${msg} ${JSON.stringify(fields)}` : msg;
  return {
    info: (msg, fields) => logger.log(line(msg, fields)),
    warn: (msg, fields) => logger.warn(line(msg, fields)),
    error: (msg, fields) => logger.error(line(msg, fields)),
  };
}

/**
 * Finishes running jobs (up to the grace period) when the application closes, then ends the
 * compute threads (requests still computing get a 503).
 */
@Injectable()
export class JobQueueShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject('JOB_SHUTDOWN_GRACE_MS') private readonly graceMs: number,
    @Inject(COMPUTE_POOL) private readonly compute: ComputePool,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close(this.graceMs);
    await this.compute.close();
  }
}

/**
 * The jobs' providers for the application module; `handlers` (each kind's, beside its domain)
 * come from where the app is composed.
 */
export function jobProviders(
  registry: Registry,
  env: ApiEnv,
  compute: ComputePool,
  handlers: JobHandlers,
  telemetry?: JobTelemetry,
): Provider[] {
  return [
    { provide: COMPUTE_POOL, useValue: compute },
    {
      provide: JOB_QUEUE,
      useFactory: () => createJobQueue(registry, env, nestJobLog(), compute, handlers, telemetry),
    },
    { provide: 'JOB_SHUTDOWN_GRACE_MS', useValue: env.ASSAY_SHUTDOWN_GRACE_MS },
    JobQueueShutdown,
    requestWorkProvider,
  ];
}
