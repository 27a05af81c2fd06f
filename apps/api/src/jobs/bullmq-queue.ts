import type { Job } from '@assay/registry';
import { Queue } from 'bullmq';
import { BULLMQ_QUEUE_NAME, type JobQueue } from './job-queue.js';

/** What BullMQ carries: only the id; the registry's job row holds everything else. */
export interface BullJobData {
  jobId: string;
}

/**
 * With `REDIS_URL`: jobs go to a BullMQ queue on Redis and worker processes (`pnpm --filter
 * @assay/api worker`, as many as a team runs, on any machine that reaches Redis and the
 * database) take them. The BullMQ job id is the registry job's id, so adding one twice is a
 * no-op.
 */
export class BullMqJobQueue implements JobQueue {
  readonly mode = 'redis' as const;
  private readonly queue: Queue<BullJobData>;

  constructor(redisUrl: string, prefix: string) {
    this.queue = new Queue<BullJobData>(BULLMQ_QUEUE_NAME, {
      connection: { url: redisUrl, maxRetriesPerRequest: null },
      prefix,
      defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 },
    });
    // Without a listener an unreachable Redis would crash the process; /readyz reports it.
    this.queue.on('error', () => {});
  }

  async enqueue(job: Job): Promise<void> {
    await this.queue.add(job.kind, { jobId: job.id }, { jobId: job.id });
  }

  /** A reconnecting client queues commands instead of failing them: bound the wait. */
  async ping(timeoutMs = 2000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.queue.client.then((client) => client.runCommand('ping', [])),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
