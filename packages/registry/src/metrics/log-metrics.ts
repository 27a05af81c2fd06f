import { createHash } from 'node:crypto';
import { writeAuditLog } from '../audit/write-audit-log.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import type { Tx } from '../db/client.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import {
  MAX_METRIC_BATCH,
  ZActorSchema,
  ZIdSchema,
  ZLogMetricsOptionsSchema,
  ZMetricKeySchema,
} from '../schemas.js';
import type { MetricPointInput } from '../types.js';
import { parseInput } from '../validate.js';

const INSERT_BATCH = `INSERT INTO metric_points (run_id, key, step, value, "timestamp")
  SELECT $1::uuid, p.k, p.s, p.v, p.t
    FROM json_to_recordset($2::json) AS p(k text, s bigint, v float8, t timestamptz)`;

// Claims an idempotency key. A concurrent transaction claiming the same (run, key) waits on the
// primary key until the first one commits or rolls back, then inserts nothing (or claims it).
const CLAIM_REQUEST = `INSERT INTO metric_log_requests (run_id, idempotency_key, request_sha256, result)
  VALUES ($1::uuid, $2, $3, $4::jsonb) ON CONFLICT DO NOTHING`;
const READ_REQUEST = `SELECT request_sha256, result::text AS result FROM metric_log_requests
  WHERE run_id = $1::uuid AND idempotency_key = $2`;

export interface LogMetricsOptions {
  /**
   * Makes the call safe to retry: the first call with this key on this run stores the points and
   * its result, in the same transaction; a later call with the same key and the same points
   * returns that result and stores nothing; with different points it fails with `conflict`.
   */
  idempotencyKey?: string;
}

/**
 * Logs a batch of metric points (up to 50 000) for a run: one INSERT of the whole batch plus its
 * audit entry (and, with an idempotency key, its request record), in one transaction, so a batch
 * is stored entirely or not at all.
 *
 * Points are checked here without zod (the same rules as `ZMetricPointSchema`): this is the hot
 * path of metric logging. Values must be finite numbers.
 */
export async function logMetrics(
  ctx: RegistryContext,
  runId: string,
  points: readonly MetricPointInput[],
  actor: string = SYSTEM_ACTOR,
  options: LogMetricsOptions = {},
): Promise<{ count: number }> {
  const by = parseInput(ZActorSchema, actor, 'actor');
  const { idempotencyKey } = parseInput(
    ZLogMetricsOptionsSchema,
    options,
    'metric logging options',
  );
  if (!ZIdSchema.safeParse(runId).success)
    throw new RegistryError('not_found', `Run ${runId} does not exist`);
  const batch = encodeBatch(points, idempotencyKey !== undefined);
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const run = await tx.run.findUnique({
        where: { id: runId },
        select: { experiment: { select: { projectId: true } } },
      });
      if (run === null) throw new RegistryError('not_found', `Run ${runId} does not exist`);
      if (idempotencyKey !== undefined) {
        // The result is known before the insert: the batch is stored whole or not at all.
        const result = { count: points.length };
        const claimed = await tx.$executeRawUnsafe(
          CLAIM_REQUEST,
          runId,
          idempotencyKey,
          batch.sha256,
          JSON.stringify(result),
        );
        if (claimed === 0) return replay(tx, runId, idempotencyKey, batch.sha256);
      }
      const count = await tx.$executeRawUnsafe(INSERT_BATCH, runId, batch.json);
      if (count !== points.length) {
        throw new Error(`metric batch of ${points.length} points inserted ${count} rows`);
      }
      await writeAuditLog(tx, {
        projectId: run.experiment.projectId,
        actor: by,
        action: 'metrics.log',
        entity: 'run',
        entityId: runId,
        details: {
          count,
          keys: batch.keys.slice(0, 50),
          ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        },
      });
      return { count };
    }),
  );
}

/** The stored result of an earlier call with the same key, if it sent the same points. */
async function replay(
  tx: Tx,
  runId: string,
  idempotencyKey: string,
  sha256: string,
): Promise<{ count: number }> {
  const [earlier] = await tx.$queryRawUnsafe<{ request_sha256: string; result: string }[]>(
    READ_REQUEST,
    runId,
    idempotencyKey,
  );
  if (earlier === undefined) {
    // Unreachable: ON CONFLICT DO NOTHING only skips when a committed row exists.
    throw new Error(`idempotency key ${idempotencyKey} conflicted but no request row was found`);
  }
  if (earlier.request_sha256 !== sha256) {
    throw new RegistryError(
      'conflict',
      `Idempotency key "${idempotencyKey}" was already used for run ${runId} with different points; ` +
        'use a new key for a new batch (a retry must resend exactly the same points)',
      { details: { idempotencyKey } },
    );
  }
  return JSON.parse(earlier.result) as { count: number };
}

/**
 * Validates and encodes a batch. With `withHash`, also the sha256 of the points *as sent*
 * (key, step, value, timestamp or null): a retry that omits timestamps hashes the same although
 * the stored default timestamp ("now") differs.
 */
function encodeBatch(
  points: readonly MetricPointInput[],
  withHash: boolean,
): { json: string; keys: string[]; sha256: string } {
  if (!Array.isArray(points) || points.length === 0 || points.length > MAX_METRIC_BATCH) {
    throw new RegistryError(
      'invalid',
      `Invalid metrics: send 1 to ${MAX_METRIC_BATCH} points per batch`,
    );
  }
  const now = new Date().toISOString();
  const hash = withHash ? createHash('sha256') : undefined;
  const keys = new Set<string>();
  const rows = new Array<{ k: string; s: number; v: number; t: string }>(points.length);
  for (let i = 0; i < points.length; i += 1) {
    const point = points[i] as MetricPointInput;
    const where = `Invalid metrics: points[${i}]`;
    if (point === null || typeof point !== 'object')
      throw new RegistryError('invalid', `${where} is not an object`);
    const { key, value, step = 0, timestamp } = point;
    if (!keys.has(key)) {
      const checked = ZMetricKeySchema.safeParse(key);
      if (!checked.success) {
        throw new RegistryError(
          'invalid',
          `${where}.key: ${checked.error.issues[0]?.message ?? 'invalid'}`,
        );
      }
      keys.add(key);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RegistryError('invalid', `${where}.value must be a finite number`);
    }
    if (!Number.isSafeInteger(step) || step < 0) {
      throw new RegistryError('invalid', `${where}.step must be a non-negative integer`);
    }
    let t = now;
    if (timestamp !== undefined) {
      const date = timestamp instanceof Date ? timestamp : new Date(timestamp);
      if (Number.isNaN(date.getTime()))
        throw new RegistryError('invalid', `${where}.timestamp is not a date`);
      t = date.toISOString();
    }
    rows[i] = { k: key, s: step, v: value, t };
    if (hash !== undefined) {
      hash.update(JSON.stringify([key, step, value, timestamp === undefined ? null : t]));
      hash.update('\n');
    }
  }
  return { json: JSON.stringify(rows), keys: [...keys], sha256: hash?.digest('hex') ?? '' };
}
