import type { Registry as AssayRegistry } from '@assay/registry';
import { Gauge, type Registry } from 'prom-client';

/**
 * `assay_jobs{status}`: jobs in each state, read from the database at each scrape — the queue's
 * depth wherever the jobs run (this process or BullMQ workers), which is what workers are scaled
 * on. A database that does not answer leaves the last values (the scrape still succeeds).
 */
export function registerJobMetrics(metrics: Registry, registry: AssayRegistry): void {
  new Gauge({
    name: 'assay_jobs',
    help: 'Jobs in each state (queued, running, succeeded, failed, cancelled), across projects',
    labelNames: ['status'] as const,
    registers: [metrics],
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
