import type { Job, Registry } from '@assay/registry';
import type { JobTelemetry } from '../observability/job-telemetry.js';
import type { ComputePool } from './compute/compute-pool.js';

// The interface between the job runner (`run-job.ts`) and the handlers it dispatches to: both
// import this file, and it imports neither. The handlers live beside their domain
// (`evaluations/evaluation-job.ts`, `explanations/explanation-job.ts`); the map from kind to
// handler is built where the app is composed (`job-handlers.ts`), so `jobs/` knows no domain.

/** What running a job needs, in the API process and in a worker alike. */
export interface JobDeps {
  registry: Registry;
  log: JobLog;
  /** How long a claim lasts without a heartbeat before another worker may take the job over. */
  leaseMs: number;
  /** Counts each attempt's end (Prometheus, where the process exposes it). */
  telemetry?: JobTelemetry;
  /** The compute threads that run the CPU-bound part (shared with requests in the API). */
  compute: ComputePool;
  /** The handler of each kind of job. */
  handlers: JobHandlers;
  /**
   * Hands a job a handler created (a sharded batch test's shards) to the queue at once. Absent:
   * the in-process queue's poll and the workers' sweep find it in the database.
   */
  enqueue?: (job: Job) => Promise<void>;
  /**
   * Jobs a handler creates may run in other processes (BullMQ workers on Redis), so work worth
   * spreading (an AutoML run's trials) is handed out as jobs. Absent or false: this process runs
   * every job, and such work stays in its compute threads.
   */
  remoteWorkers?: boolean;
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

/** The handler of each kind of job (`job-handlers.ts` composes it). */
export type JobHandlers = Readonly<Record<Job['kind'], JobHandler>>;
