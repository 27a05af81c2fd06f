import { lttbKeepingExtremes } from '@assay/core';
import { MAX_METRIC_PAGE_SIZE, type MetricPoint, type Registry } from '@assay/registry';

/** A history of at most this many points per point drawn is read whole (a few thousand points). */
export const WHOLE_HISTORY_FACTOR = 8;
/** Envelope buckets read per point drawn: levels are ×4 apart, so ½ to 2 buckets of up to 4 points each. */
export const ENVELOPE_BUCKETS_FACTOR = 2;

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
    maxBuckets: ENVELOPE_BUCKETS_FACTOR * maxPoints,
  });
  let points = envelope.points;
  if (envelope.count <= WHOLE_HISTORY_FACTOR * maxPoints) {
    points = [];
    let cursor: string | undefined;
    do {
      const page = await registry.runs.metricHistory(runId, key, {
        limit: MAX_METRIC_PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      points.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
  return lttbKeepingExtremes(
    points.map((p) => ({ x: p.step, y: p.value, p })),
    maxPoints,
  ).map((k) => k.p);
}
