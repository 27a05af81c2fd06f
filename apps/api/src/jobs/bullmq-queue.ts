import type { Job, Registry } from '@assay/registry';
import { Queue } from 'bullmq';
import { BULLMQ_QUEUE_NAME, type JobQueue } from './job-queue.js';
import type { JobLog } from './run-job.js';

/** How long a hand-over to Redis may take before the job is left to the sweeper. */
const ENQUEUE_TIMEOUT_MS = 2000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

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

  /**
   * Hands the job to Redis. The job is already stored: when Redis does not take it in time, it
   * stays queued in the database and a worker's sweeper ({@link handOverStranded}) hands it over.
   */
  async enqueue(job: Job): Promise<void> {
    await within(this.add(job.id, job.kind), ENQUEUE_TIMEOUT_MS, 'Redis').catch(() => {});
  }

  private add(id: string, kind: string) {
    return this.queue.add(kind, { jobId: id }, { jobId: id });
  }

  /**
   * Hands over again the jobs the database says no worker is on — queued for longer than
   * `queuedForMs`, or running on an expired lease — that Redis does not hold (the API stopped
   * between storing and handing over, Redis was unreachable or lost its data). A job Redis still
   * holds (waiting, active, delayed) is left to BullMQ; one it finished with is handed over anew,
   * and the claim decides on the row whether it still runs. Returns the ids handed over.
   */
  async handOverStranded(registry: Registry, log: JobLog, queuedForMs: number): Promise<string[]> {
    const handed: string[] = [];
    for (const { id, kind } of await registry.jobs.listStranded({ queuedForMs })) {
      const existing = await this.queue.getJob(id);
      if (existing) {
        const state = await existing.getState();
        if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
        await existing.remove();
      }
      await this.add(id, kind);
      handed.push(id);
    }
    if (handed.length > 0) log.warn('handed stranded jobs to the queue again', { jobs: handed });
    return handed;
  }

  /** A reconnecting client queues commands instead of failing them: bound the wait. */
  async ping(timeoutMs = 2000): Promise<void> {
    await within(
      this.queue.client.then((client) => client.runCommand('ping', [])),
      timeoutMs,
      'Redis',
    );
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
