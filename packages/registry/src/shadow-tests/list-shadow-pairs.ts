import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import type { PredictionOutcome, ShadowPair } from './shadow-test.types.js';

/** The most pairs one report reads (newest first beyond it). */
export const MAX_SHADOW_PAIRS = 200_000;

const PAIRS = `SELECT s.request_id, s.at, s.outcome::text AS s_outcome, s.latency_ms AS s_latency,
       s.output AS s_output, v.outcome::text AS v_outcome, v.latency_ms AS v_latency,
       v.output AS v_output, l.label
  FROM prediction_logs s
  LEFT JOIN LATERAL (
    SELECT outcome, latency_ms, output FROM prediction_logs v
     WHERE v.model_id = s.model_id AND v.request_id = s.request_id AND v.role = 'served'
     LIMIT 1) v ON true
  LEFT JOIN prediction_labels l ON l.model_id = s.model_id AND l.request_id = s.request_id
 WHERE s.shadow_test_id = $1::uuid AND s.role = 'shadow'
 ORDER BY s.id DESC
 LIMIT $2`;

interface PairRow {
  request_id: string;
  at: Date;
  s_outcome: PredictionOutcome;
  s_latency: number;
  s_output: Record<string, unknown> | null;
  v_outcome: PredictionOutcome | null;
  v_latency: number | null;
  v_output: Record<string, unknown> | null;
  label: (string | number)[] | null;
}

/**
 * A shadow test's mirrored requests (newest first, at most `limit`): the candidate's answer, the
 * holder's answer to the same request (`served: null` while its log row is not written yet) and
 * the request's label once sent. What the shadow report is computed from.
 */
export async function pairs(
  ctx: RegistryContext,
  projectId: string,
  id: string,
  limit: number = MAX_SHADOW_PAIRS,
): Promise<ShadowPair[]> {
  const notFound = new RegistryError('not_found', `Shadow test ${id} does not exist`);
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) throw notFound;
  const take = Math.max(1, Math.min(MAX_SHADOW_PAIRS, Math.floor(limit)));
  return withDbErrors(async () => {
    const test = await ctx.db.shadowTest.findFirst({
      where: { id, projectId },
      select: { id: true },
    });
    if (test === null) throw notFound;
    const rows = await ctx.db.$queryRawUnsafe<PairRow[]>(PAIRS, id, take);
    return rows.map((r) => ({
      requestId: r.request_id,
      at: new Date(r.at).toISOString(),
      served:
        r.v_outcome === null
          ? null
          : { outcome: r.v_outcome, latencyMs: Number(r.v_latency), output: r.v_output },
      shadow: { outcome: r.s_outcome, latencyMs: Number(r.s_latency), output: r.s_output },
      label: r.label,
    }));
  });
}
