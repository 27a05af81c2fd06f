import type { Job, Registry } from '@assay/registry';
import type { JobDeps } from './run-job.js';

/** What a handler may do while it runs. */
export interface JobTools {
  /** Aborted when the job is cancelled or taken over; pass it to the core. */
  signal: AbortSignal;
  /** Records progress; rejects with the abort reason once the job must stop. */
  progress(progress: { fraction: number; message?: string }): Promise<void>;
}

/** The successful end of a job, as `registry.jobs.complete` stores it. */
export type JobOutcome = Parameters<Registry['jobs']['complete']>[2];

/** Runs one kind of job from its stored input. */
export type JobHandler = (deps: JobDeps, job: Job, tools: JobTools) => Promise<JobOutcome>;
