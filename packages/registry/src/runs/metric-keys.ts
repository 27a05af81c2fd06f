import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import type { MetricKeySummary } from './run.types.js';

interface KeyRow {
  run: boolean;
  key: string | null;
  count: bigint | number | null;
  first_step: bigint | number | null;
  last_step: bigint | number | null;
}

// From `metric_chunks` (every point is packed there too, see log-metrics.ts): a run's keys are a
// prefix scan of its primary key (run_id, key, first_id), a few rows per key, however many points
// the run logged. The LEFT JOIN keeps one row for a run without points, to tell it from no run.
const KEYS = `SELECT r.id IS NOT NULL AS run, c.key, sum(c.count)::int8 AS count,
       min(c.min_step) AS first_step, max(c.max_step) AS last_step
  FROM (SELECT id FROM runs WHERE id = $1::uuid) AS r
  LEFT JOIN metric_chunks AS c ON c.run_id = r.id
 GROUP BY r.id, c.key
 ORDER BY c.key`;

/**
 * The metric keys a run logged, in code-point order, each with its number of points and its first
 * and last step: what a run page offers to plot and a comparison overlays.
 *
 * @throws RegistryError `not_found` when the run does not exist.
 */
export async function metricKeys(ctx: RegistryContext, runId: string): Promise<MetricKeySummary[]> {
  const notFound = new RegistryError('not_found', `Run ${runId} does not exist`);
  if (!ZIdSchema.safeParse(runId).success) throw notFound;
  const rows = await withDbErrors(() => ctx.db.$queryRawUnsafe<KeyRow[]>(KEYS, runId));
  if (rows.length === 0) throw notFound;
  return rows
    .filter((r): r is KeyRow & { key: string } => r.key !== null)
    .map((r) => ({
      key: r.key,
      count: Number(r.count),
      firstStep: Number(r.first_step),
      lastStep: Number(r.last_step),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
