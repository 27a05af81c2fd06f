import type { Registry as AssayRegistry } from '@assay/registry';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * `assay_jobs{status}`: jobs in each state, read from the database at each scrape — the queue's
 * depth wherever the jobs run (this process or BullMQ workers), which is what workers are scaled
 * on. A database that does not answer leaves the last values (the scrape still succeeds).
 */
export function registerJobTelemetry(prometheus: Registry, registry: AssayRegistry): void {
  new Gauge({
    name: 'assay_jobs',
    help: 'Jobs in each state (queued, running, succeeded, failed, cancelled), across projects',
    labelNames: ['status'] as const,
    registers: [prometheus],
    async collect() {
      try {
        const counts = await registry.jobs.countByStatus();
        for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
      } catch {
        // keep the last values: a failed scrape of one gauge must not hide the others
      }
    },
  });
}

/** How a job attempt ended in this process. */
export type JobOutcome = 'succeeded' | 'failed' | 'cancelled' | 'superseded';

/**
 * The jobs this process ran: `assay_job_runs_total{kind, outcome}` and
 * `assay_job_run_duration_seconds{kind}` (in the API process without Redis, or in a worker).
 */
export class JobTelemetry {
  private readonly runs: Counter<'kind' | 'outcome'>;
  private readonly duration: Histogram<'kind'>;

  constructor(registry: Registry) {
    this.runs = new Counter({
      name: 'assay_job_runs_total',
      help: 'Job attempts this process ran to an end, by kind and outcome',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'assay_job_run_duration_seconds',
      help: 'Duration of the job attempts this process ran, by kind',
      labelNames: ['kind'] as const,
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers: [registry],
    });
  }

  observe(kind: string, outcome: JobOutcome, seconds: number): void {
    this.runs.inc({ kind, outcome });
    this.duration.observe({ kind }, seconds);
  }
}
