import type { RegistryContext } from '../context.js';
import { type BulkColumn, bulkInsert } from '../db/bulk-insert.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { MAX_PREDICTION_LOG_BATCH } from './prediction-log.schemas.js';
import type { PredictionLogInput } from './prediction-log.types.js';

// The log's columns, in the order `encode` writes each row's values.
const COLUMNS: BulkColumn[] = [
  { name: 'project_id', type: 'uuid' },
  { name: 'model_id', type: 'uuid' },
  { name: 'request_id', type: 'text' },
  { name: 'role', type: '"PredictionRole"' },
  { name: 'version_id', type: 'uuid' },
  { name: 'version', type: 'int' },
  { name: 'shadow_test_id', type: 'uuid' },
  { name: 'at', type: 'timestamptz' },
  { name: 'input_sha256', type: 'text' },
  { name: 'inputs', type: 'jsonb' },
  { name: 'output', type: 'jsonb' },
  { name: 'outcome', type: '"PredictionOutcome"' },
  { name: 'latency_ms', type: 'float8' },
  { name: 'error', type: 'text' },
];

// Locks the batch's shadow tests in id order first, whatever plan the UPDATE gets: two batches
// written at once (the API's writer overlaps two) then wait for each other, never deadlock.
const LOCK = `SELECT id FROM shadow_tests WHERE id IN (SELECT (c->>'id')::uuid FROM json_array_elements($1::json) c)
 ORDER BY id FOR UPDATE`;

// Adds each shadow test's mirrored rows of the batch (`$1`: `[{ id, n }]`) to its count and
// completes a test that reached `max_requests`: run in the transaction that stores the rows, so
// the count and the log never diverge.
const BUMP = `UPDATE shadow_tests t
   SET mirrored = t.mirrored + c.n,
       status = CASE WHEN t.status = 'running' AND t.max_requests IS NOT NULL
                      AND t.mirrored + c.n >= t.max_requests
                     THEN 'completed'::"ShadowTestStatus" ELSE t.status END,
       ended_at = CASE WHEN t.status = 'running' AND t.max_requests IS NOT NULL
                        AND t.mirrored + c.n >= t.max_requests
                       THEN now() ELSE t.ended_at END
  FROM json_to_recordset($1::json) AS c(id uuid, n int)
 WHERE t.id = c.id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Appends a batch of prediction-log rows (up to 50 000) in one transaction (`bulkInsert`: COPY on
 * PostgreSQL): the API's buffered writer calls it every N rows or T ms, off the request path. Rows
 * are checked here without zod (ids, roles, outcomes, hashes, finite latencies): a bad row fails
 * the whole batch with `invalid`. Mirrored rows add to their shadow test's count in the same
 * transaction. The commit does not wait for the disk (`asyncCommit`): a crash of the database
 * server may lose the last fraction of a second of the log, as a writer that cannot keep up drops
 * rows, and the log and the shadow counts stay consistent either way.
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
  const values = encode(rows);
  const mirrored = new Map<string, number>();
  for (const r of rows) {
    if (r.role === 'shadow' && r.shadowTestId !== null) {
      mirrored.set(r.shadowTestId, (mirrored.get(r.shadowTestId) ?? 0) + 1);
    }
  }
  const counts = JSON.stringify([...mirrored].map(([id, n]) => ({ id, n })));
  return withDbErrors(async () => ({
    count: await bulkInsert(ctx, {
      table: 'prediction_logs',
      columns: COLUMNS,
      rows: values,
      after:
        mirrored.size > 0
          ? [
              { sql: LOCK, params: [counts] },
              { sql: BUMP, params: [counts] },
            ]
          : [],
      asyncCommit: true,
    }),
  }));
}

/** Checks each row and lays its values out in `COLUMNS` order. */
function encode(rows: readonly PredictionLogInput[]): unknown[][] {
  const out = new Array<unknown[]>(rows.length);
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
    if (r.version !== null && !(Number.isInteger(r.version) && Math.abs(r.version) <= 2 ** 31 - 1))
      bad('version must be an integer or null');
    if (r.shadowTestId !== null && !UUID.test(r.shadowTestId))
      bad('shadowTestId must be a UUID or null');
    if (r.outcome !== 'ok' && r.outcome !== 'error' && r.outcome !== 'timeout')
      bad("outcome must be 'ok', 'error' or 'timeout'");
    if (!SHA256.test(r.inputSha256)) bad('inputSha256 must be 64 lowercase hex characters');
    if (typeof r.latencyMs !== 'number' || !Number.isFinite(r.latencyMs) || r.latencyMs < 0)
      bad('latencyMs must be a finite number ≥ 0');
    const at = r.at instanceof Date ? r.at : new Date(r.at);
    if (Number.isNaN(at.getTime())) bad('at must be an instant');
    out[i] = [
      r.projectId,
      r.modelId,
      r.requestId,
      r.role,
      r.versionId,
      r.version,
      r.shadowTestId,
      at,
      r.inputSha256,
      r.inputs ?? null,
      r.output ?? null,
      r.outcome,
      r.latencyMs,
      // An error message is free text from a model or an endpoint: the NUL character, which
      // PostgreSQL cannot store in text, would fail the whole batch.
      r.error == null ? null : String(r.error).slice(0, 2000).replaceAll('\u0000', '\uFFFD'),
    ];
  }
  return out;
}
