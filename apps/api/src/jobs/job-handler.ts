import type { Job, Registry } from '@assay/registry';
import type { JobRunMetrics } from '../observability/job-metrics.js';
import type { ComputePool } from './compute/compute-pool.js';

// The interface between the job runner (`run-job.ts`) and the handlers it dispatches to: both
// import this file, and it imports neither.

/** What running a job needs, in the API process and in a worker alike. */
export interface JobDeps {
  registry: Registry;
  log: JobLog;
  /** How long a claim lasts without a heartbeat before another worker may take the job over. */
  leaseMs: number;
  /** Counts each attempt's end (Prometheus, where the process exposes it). */
  metrics?: JobRunMetrics;
  /** The compute threads that run the CPU-bound part (shared with requests in the API). */
  compute: ComputePool;
}

export interface JobLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

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
