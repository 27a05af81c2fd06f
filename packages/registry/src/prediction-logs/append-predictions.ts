import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { MAX_PREDICTION_LOG_BATCH } from './prediction-log.schemas.js';
import type { PredictionLogInput } from './prediction-log.types.js';

// One statement appends a batch (a multi-row INSERT … SELECT FROM json_to_recordset) and adds
// each shadow test's mirrored rows to its count, completing a test that reached `max_requests`,
// so the count and the log never diverge.
const APPEND = `WITH ins AS (
    INSERT INTO prediction_logs (project_id, model_id, request_id, role, version_id, version,
                                 shadow_test_id, "at", input_sha256, inputs, output, outcome,
                                 latency_ms, error)
    SELECT p.pid, p.mid, p.rid, p.role::"PredictionRole", p.vid, p.v, p.sid, p.t, p.h, p.i, p.o,
           p.oc::"PredictionOutcome", p.ms, p.e
      FROM json_to_recordset($1::json) AS p(pid uuid, mid uuid, rid text, role text, vid uuid,
           v int, sid uuid, t timestamptz, h text, i jsonb, o jsonb, oc text, ms float8, e text)
    RETURNING shadow_test_id, role
  ), counts AS (
    SELECT shadow_test_id AS id, count(*)::int AS n FROM ins
     WHERE role = 'shadow' AND shadow_test_id IS NOT NULL GROUP BY shadow_test_id
  ), bumped AS (
    UPDATE shadow_tests t
       SET mirrored = t.mirrored + c.n,
           status = CASE WHEN t.status = 'running' AND t.max_requests IS NOT NULL
                          AND t.mirrored + c.n >= t.max_requests
                         THEN 'completed'::"ShadowTestStatus" ELSE t.status END,
           ended_at = CASE WHEN t.status = 'running' AND t.max_requests IS NOT NULL
                            AND t.mirrored + c.n >= t.max_requests
                           THEN now() ELSE t.ended_at END
      FROM counts c WHERE t.id = c.id
    RETURNING t.id
  )
  SELECT (SELECT count(*)::int FROM ins) AS count`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Appends a batch of prediction-log rows (up to 50 000) in one statement: the API's buffered
 * writer calls it every N rows or T ms, off the request path. Rows are checked here without zod
 * (ids, roles, outcomes, hashes, finite latencies): a bad row fails the whole batch with
 * `invalid`. Mirrored rows add to their shadow test's count.
 */
export async function append(
  ctx: RegistryContext,
  rows: readonly PredictionLogInput[],
): Promise<{ count: number }> {
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > MAX_PREDICTION_LOG_BATCH) {
    throw new RegistryError(
      'invalid',
      `Invalid prediction log: append 1 to ${MAX_PREDICTION_LOG_BATCH} rows per batch`,
    );
  }
  const json = encode(rows);
  return withDbErrors(async () => {
    const [result] = await ctx.db.$queryRawUnsafe<{ count: number }[]>(APPEND, json);
    return { count: result?.count ?? 0 };
  });
}

function encode(rows: readonly PredictionLogInput[]): string {
  const out = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const r = rows[i] as PredictionLogInput;
    const bad = (what: string): never => {
      throw new RegistryError('invalid', `Invalid prediction log: rows[${i}].${what}`);
    };
    if (!UUID.test(r.projectId)) bad('projectId must be a UUID');
    if (!UUID.test(r.modelId)) bad('modelId must be a UUID');
    if (typeof r.requestId !== 'string' || r.requestId.length < 1 || r.requestId.length > 128)
      bad('requestId must be 1–128 characters');
    if (r.role !== 'served' && r.role !== 'shadow') bad("role must be 'served' or 'shadow'");
    if (r.versionId !== null && !UUID.test(r.versionId)) bad('versionId must be a UUID or null');
    if (r.shadowTestId !== null && !UUID.test(r.shadowTestId))
      bad('shadowTestId must be a UUID or null');
    if (r.outcome !== 'ok' && r.outcome !== 'error' && r.outcome !== 'timeout')
      bad("outcome must be 'ok', 'error' or 'timeout'");
    if (!SHA256.test(r.inputSha256)) bad('inputSha256 must be 64 lowercase hex characters');
    if (typeof r.latencyMs !== 'number' || !Number.isFinite(r.latencyMs) || r.latencyMs < 0)
      bad('latencyMs must be a finite number ≥ 0');
    const at = r.at instanceof Date ? r.at : new Date(r.at);
    if (Number.isNaN(at.getTime())) bad('at must be an instant');
    out[i] = JSON.stringify({
      pid: r.projectId,
      mid: r.modelId,
      rid: r.requestId,
      role: r.role,
      vid: r.versionId,
      v: r.version,
      sid: r.shadowTestId,
      t: at.toISOString(),
      h: r.inputSha256,
      i: r.inputs ?? null,
      o: r.output,
      oc: r.outcome,
      ms: r.latencyMs,
      e: r.error == null ? null : String(r.error).slice(0, 2000),
    });
  }
  return `[${out.join(',')}]`;
}
