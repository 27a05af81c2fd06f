import { Counter, Gauge, type Registry } from 'prom-client';
import type { ComputeOutcome } from '../jobs/compute/compute-pool.js';

/**
 * The compute pool in Prometheus: `assay_compute_tasks{state}` (running, queued: read at each
 * scrape) and `assay_compute_tasks_ended_total{outcome}` (ok, error, time-limit, memory-limit,
 * cancelled, overloaded, crashed). Returns the pool's `onEnd`.
 */
export function computeTelemetry(
  prometheus: Registry,
  load: () => { running: number; queued: number },
): (outcome: ComputeOutcome) => void {
  new Gauge({
    name: 'assay_compute_tasks',
    help: 'Compute tasks running in a thread or waiting for one',
    labelNames: ['state'] as const,
    registers: [prometheus],
    collect() {
      const { running, queued } = load();
      this.set({ state: 'running' }, running);
      this.set({ state: 'queued' }, queued);
    },
  });
  const ended = new Counter({
    name: 'assay_compute_tasks_ended_total',
    help: 'Compute tasks ended, by outcome (ok, error, time-limit, memory-limit, cancelled, overloaded, crashed)',
    labelNames: ['outcome'] as const,
    registers: [prometheus],
  });
  return (outcome) => ended.inc({ outcome });
}
