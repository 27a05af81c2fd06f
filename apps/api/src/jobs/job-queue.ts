import type { Job } from '@assay/registry';

/**
 * Where jobs wait for a worker. The registry's job row is the source of truth (status, progress,
 * result); a queue only decides who runs a job and when.
 */
export interface JobQueue {
  /** `in-process`: this API process claims jobs from the database; `redis`: BullMQ workers. */
  readonly mode: 'in-process' | 'redis';
  /** Hands a newly created (queued) job to the workers. */
  enqueue(job: Job): Promise<void>;
  /** Throws when the queue's backing service does not answer (Redis); resolves otherwise. */
  ping(): Promise<void>;
  /** Stops taking jobs and waits for the running ones (at most `graceMs`). */
  close(graceMs: number): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');

/** The BullMQ queue every API process and worker shares. */
export const BULLMQ_QUEUE_NAME = 'assay-jobs';
