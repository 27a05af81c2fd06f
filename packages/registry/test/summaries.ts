// The metric envelope (`metric_summaries`) recomputed from scratch out of the stored points, to
// check what logging (and the migration's backfill) maintained incrementally.

/** A stored point as the summaries see it: ids in logging order, epoch milliseconds. */
export interface StoredPoint {
  id: number;
  key: string;
  step: number;
  value: number;
  ms: number;
}

export interface SummaryRow {
  key: string;
  level: number;
  bucket: string;
  count: string;
  first: number[];
  last: number[];
  lo: number[];
  hi: number[];
}

/** Selects a run's stored points (`$1`: run id) as `StoredPoint`s. */
export const STORED_POINTS = `SELECT id::float8 AS id, key, step::float8 AS step, value,
    (extract(epoch FROM "timestamp") * 1000)::float8 AS ms
  FROM metric_points WHERE run_id = $1::uuid`;

/** Selects a run's summary rows (`$1`: run id) as `SummaryRow`s, in a fixed order. */
export const SUMMARY_ROWS = `SELECT key, level::int AS level, bucket::text AS bucket,
    count::text AS count, first, last, lo, hi
  FROM metric_summaries AS s WHERE run_id = $1::uuid ORDER BY s.key COLLATE "C", s.level, s.bucket`;

const lexLess = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i += 1) {
    if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) < (b[i] as number);
  }
  return false;
};

/** Every level's buckets (2 … 26) of the points, ordered as SUMMARY_ROWS orders them. */
export function expectedSummaries(points: readonly StoredPoint[]): SummaryRow[] {
  const rows = new Map<string, SummaryRow>();
  for (const p of points) {
    const byStep = [p.step, p.id, p.value, p.ms];
    const byValue = [p.value, p.step, p.id, p.ms];
    for (let level = 2; level <= 26; level += 1) {
      const bucket = Math.floor(p.step / 4 ** level);
      const id = JSON.stringify([p.key, level, bucket]);
      const row = rows.get(id);
      if (row === undefined) {
        rows.set(id, {
          key: p.key,
          level,
          bucket: String(bucket),
          count: '1',
          first: byStep,
          last: byStep,
          lo: byValue,
          hi: byValue,
        });
        continue;
      }
      row.count = String(Number(row.count) + 1);
      if (lexLess(byStep, row.first)) row.first = byStep;
      if (lexLess(row.last, byStep)) row.last = byStep;
      if (lexLess(byValue, row.lo)) row.lo = byValue;
      if (lexLess(row.hi, byValue)) row.hi = byValue;
    }
  }
  return [...rows.values()].sort(
    (a, b) =>
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
      a.level - b.level ||
      Number(a.bucket) - Number(b.bucket),
  );
}

/**
 * The envelope's points at one level, as `metricEnvelope` answers them: per bucket its first,
 * lowest, highest and last points, each once, in (step, id) order.
 */
export function expectedEnvelope(
  points: readonly StoredPoint[],
  key: string,
  level: number,
): { step: number; value: number; timestamp: string }[] {
  const rows = expectedSummaries(points.filter((p) => p.key === key)).filter(
    (r) => r.level === level,
  );
  return rows.flatMap((r) => {
    const candidates = [
      r.first,
      r.last,
      [r.lo[1], r.lo[2], r.lo[0], r.lo[3]] as number[],
      [r.hi[1], r.hi[2], r.hi[0], r.hi[3]] as number[],
    ]
      .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number))
      .filter((c, i, all) => i === 0 || c[1] !== (all[i - 1] as number[])[1]);
    return candidates.map((c) => ({
      step: c[0] as number,
      value: c[2] as number,
      timestamp: new Date(c[3] as number).toISOString(),
    }));
  });
}
