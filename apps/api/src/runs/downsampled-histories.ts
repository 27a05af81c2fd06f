import { lttbKeepingExtremes } from '@assay/core';
import { MAX_METRIC_PAGE_SIZE, type MetricPoint, type Registry } from '@assay/registry';
import { notFound } from '../http/problem.js';

/** A history of at most this many points per point drawn is read whole (a few thousand points). */
export const WHOLE_HISTORY_FACTOR = 8;
/** Envelope buckets read per point drawn: levels are ×4 apart, so ½ to 2 buckets of up to 4 points each. */
export const ENVELOPE_BUCKETS_FACTOR = 2;

/** The envelope buckets to read for a chart of `maxPoints` points. */
export function envelopeBuckets(maxPoints: number): number {
  return ENVELOPE_BUCKETS_FACTOR * maxPoints;
}

/**
 * Whether a history of `count` points is downsampled from every point (short) rather than from
 * its envelope: reading it whole costs little and keeps the answer exact LTTB.
 */
export function readsWholeHistory(count: number, maxPoints: number): boolean {
  return count <= WHOLE_HISTORY_FACTOR * maxPoints;
}

/**
 * The points drawn of a history's candidate points (every point, or its envelope's): LTTB to
 * `maxPoints` that keeps the first and last points and the lowest and highest values.
 */
export function downsamplePoints(points: readonly MetricPoint[], maxPoints: number): MetricPoint[] {
  return lttbKeepingExtremes(
    points.map((p) => ({ x: p.step, y: p.value, p })),
    maxPoints,
  ).map((k) => k.p);
}

/** A metric's whole history, page after page. */
async function wholeHistory(registry: Registry, runId: string, key: string) {
  const points: MetricPoint[] = [];
  let cursor: string | undefined;
  do {
    const page = await registry.runs.metricHistory(runId, key, {
      limit: MAX_METRIC_PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
    points.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return points;
}

/**
 * A metric's history downsampled to at most `maxPoints` points for a chart: LTTB that keeps the
 * first and last points and the lowest and highest values (`lttbKeepingExtremes`).
 *
 * Its input is the whole history when that is short (at most WHOLE_HISTORY_FACTOR × maxPoints
 * points); a longer one is not read: its envelope is (`registry.runs.metricEnvelope`, kept as
 * points are logged): per bucket of 4^level steps, the finest level with at most
 * ENVELOPE_BUCKETS_FACTOR × maxPoints buckets, its first, last, lowest and highest points. That
 * costs the buckets read (at most 1,200 rows for 600 points), not the points logged (100,000 or 10
 * million), so a comparison's first view answers as fast as a later one. The points LTTB chooses
 * from are then a subset of the history that still holds its ends and its extremes (so the
 * answer keeps them, as with every point), and several per bucket of the chart.
 */
export async function downsampledHistory(
  registry: Registry,
  runId: string,
  key: string,
  maxPoints: number,
): Promise<MetricPoint[]> {
  const envelope = await registry.runs.metricEnvelope(runId, key, {
    maxBuckets: envelopeBuckets(maxPoints),
  });
  const points = readsWholeHistory(envelope.count, maxPoints)
    ? await wholeHistory(registry, runId, key)
    : envelope.points;
  return downsamplePoints(points, maxPoints);
}

/** One run's metrics downsampled (see `downsampledHistories`). */
export interface RunHistories {
  run: string;
  metrics: Array<{ key: string; count: number; points: MetricPoint[] }>;
}

/**
 * Several runs' metrics (every key, or only `keys`), each downsampled exactly as
 * `downsampledHistory` does, from one read of every envelope (`registry.runs.metricEnvelopes`):
 * only the short histories are then read whole, one request each. A run of another project than
 * `projectId` is a 404 (as for one run), before any history is read.
 */
export async function downsampledHistories(
  registry: Registry,
  projectId: string,
  runIds: readonly string[],
  maxPoints: number,
  keys?: readonly string[],
): Promise<RunHistories[]> {
  const runs = await registry.runs.metricEnvelopes(runIds, {
    maxBuckets: envelopeBuckets(maxPoints),
    ...(keys ? { keys } : {}),
  });
  const foreign = runs.find((r) => r.projectId !== projectId);
  if (foreign) throw notFound(`Run '${foreign.runId}'`);
  return Promise.all(
    runs.map(async (run) => ({
      run: run.runId,
      metrics: await Promise.all(
        run.metrics.map(async ({ key, count, points }) => ({
          key,
          count,
          points: downsamplePoints(
            readsWholeHistory(count, maxPoints)
              ? await wholeHistory(registry, run.runId, key)
              : points,
            maxPoints,
          ),
        })),
      ),
    })),
  );
}
