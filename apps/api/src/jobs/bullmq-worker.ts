import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import type { BullJobData } from './bullmq-queue.js';
import { BULLMQ_QUEUE_NAME } from './job-queue.js';
import { type JobDeps, runClaimedJob } from './run-job.js';

/**
 * A BullMQ worker that runs the registry's jobs. BullMQ holds a lock per active job and, when a
 * worker stops renewing it (killed, or its machine gone), hands the job to another worker after
 * `lockMs`; the registry's claim then starts a new attempt, and the old attempt — should it still
 * be alive — can no longer store a result. Attempts are counted by the registry (`maxAttempts`),
 * so BullMQ's own stall limit is set high.
 */
export function startBullMqWorker(
  deps: JobDeps,
  options: { redisUrl: string; prefix: string; concurrency: number; lockMs: number },
): Worker<BullJobData> {
  const workerId = `worker:${process.pid}:${randomUUID().slice(0, 8)}`;
  const worker = new Worker<BullJobData>(
    BULLMQ_QUEUE_NAME,
    async (bull) => {
      const claimed = await deps.registry.jobs.claim(workerId, {
        jobId: bull.data.jobId,
        leaseMs: deps.leaseMs,
      });
      // Cancelled while queued, already ended, or given up on: nothing to run.
      if (claimed === null) return;
      await runClaimedJob(deps, claimed);
    },
    {
      connection: { url: options.redisUrl, maxRetriesPerRequest: null },
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: Math.max(1000, Math.floor(options.lockMs / 2)),
      maxStalledCount: 100,
    },
  );
  worker.on('error', (error) => deps.log.warn('worker error', { error: error.message }));
  return worker;
}
