import { lttb } from '@assay/core';
import { MAX_METRIC_PAGE_SIZE, type MetricPoint, type Registry } from '@assay/registry';

/** Downsampled histories kept per API process (a few hundred points each: ~100 kB per 1,000). */
const CAPACITY = 2_000;

/**
 * A metric's whole history downsampled with LTTB, remembered while the history stays the same.
 * Points are only ever added to a history, so its point count and last step (read from the run's
 * metric keys, a cheap query) tell whether a remembered downsample is still the history's: a run
 * comparison viewed again, or a finished run, is answered without reading 100,000 points again.
 */
export class DownsampledHistories {
  private readonly kept = new Map<string, MetricPoint[]>();

  constructor(private readonly registry: Registry) {}

  async get(runId: string, key: string, maxPoints: number): Promise<MetricPoint[]> {
    const summary = (await this.registry.runs.metricKeys(runId)).find((k) => k.key === key);
    if (!summary) return [];
    const id = JSON.stringify([runId, key, maxPoints, summary.count, summary.lastStep]);
    const hit = this.kept.get(id);
    if (hit) {
      // Most recently used last: the map's order is the eviction order.
      this.kept.delete(id);
      this.kept.set(id, hit);
      return hit;
    }
    const points: MetricPoint[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.registry.runs.metricHistory(runId, key, {
        limit: MAX_METRIC_PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      points.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    const kept = lttb(
      points.map((p) => ({ x: p.step, y: p.value, p })),
      maxPoints,
    ).map((k) => k.p);
    // Logged while it was read: remember it under what was read, not the older summary.
    if (points.length === summary.count) {
      this.kept.set(id, kept);
      if (this.kept.size > CAPACITY) this.kept.delete(this.kept.keys().next().value as string);
    }
    return kept;
  }
}
