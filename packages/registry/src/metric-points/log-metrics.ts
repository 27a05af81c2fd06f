import { createHash } from 'node:crypto';
import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema, ZIdSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import type { Tx } from '../db/client.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import {
  MAX_METRIC_BATCH,
  ZLogMetricsOptionsSchema,
  ZMetricKeySchema,
} from './metric-point.schemas.js';
import type { MetricPointInput } from './metric-point.types.js';
import {
  MAX_SUMMARY_LEVEL,
  MID_SUMMARY_LEVEL,
  MIN_SUMMARY_LEVEL,
} from './metric-summary-levels.js';

/** Joins keys into one text parameter: metric keys cannot contain it (ZMetricKeySchema). */
const KEY_SEPARATOR = '\n';

// One statement stores a batch twice over: the rows of `metric_points`, and per key one chunk of
// `metric_chunks` packing those same rows (see get-metric-history.ts), so the two never diverge;
// and it keeps the run's latest value per key (`runs.latest_metrics`, MLflow's order: greatest
// step, then timestamp, then value), which the runs list sorts and filters by. The UPDATE locks
// the run's row, so concurrent batches of one run merge their latest values one after the other,
// each comparing with what the previous one wrote.
//
// The same statement keeps the metric's envelope (`metric_summaries`, see get-metric-envelope.ts):
// per 16-step bucket of the batch its count and first, last, lowest and highest point (levels 3–5
// from those, the coarser ones from level 5's: the grouping stays a few hundred rows), merged
// into every level's bucket by an upsert whose merge commutes (counts add, points are compared),
// so the envelope is that of the stored points whatever order batches arrive or commit in. The
// upsert waits for `kept` (EXISTS): the run's row is locked before any summary row, so
// concurrent batches of one run take the locks in one order and cannot deadlock (they queue on
// the run's row, as for `latest_metrics`), and no summary row is written for a run that does not
// exist (the table has no foreign key: one lookup per row would slow every batch).
const INSERT_BATCH = `WITH inserted AS (
    INSERT INTO metric_points (run_id, key, step, value, "timestamp")
    SELECT $1::uuid, p.k, p.s, p.v, p.t
      FROM json_to_recordset($2::json) AS p(k text, s bigint, v float8, t timestamptz)
    RETURNING id, key, step, value, "timestamp"
  ), latest AS (
    SELECT DISTINCT ON (key) key, step, value, (extract(epoch FROM "timestamp") * 1000)::bigint AS t
      FROM inserted
     ORDER BY key, step DESC, "timestamp" DESC, value DESC
  ), kept AS (
    UPDATE runs AS r SET latest_metrics = r.latest_metrics || coalesce((
        SELECT jsonb_object_agg(l.key, jsonb_build_object('v', l.value, 's', l.step, 't', l.t))
          FROM latest AS l
         WHERE r.latest_metrics -> l.key IS NULL
            OR (l.step, l.t, l.value) > ((r.latest_metrics -> l.key ->> 's')::bigint,
                                         (r.latest_metrics -> l.key ->> 't')::bigint,
                                         (r.latest_metrics -> l.key ->> 'v')::float8)), '{}'::jsonb)
     WHERE r.id = $1::uuid
    RETURNING r.id
  ), fine AS (
    SELECT key, step >> ${2 * MIN_SUMMARY_LEVEL} AS bucket, count(*) AS n,
           min(ARRAY[step::float8, id::float8, value, ms]) AS first,
           max(ARRAY[step::float8, id::float8, value, ms]) AS last,
           min(ARRAY[value, step::float8, id::float8, ms]) AS lo,
           max(ARRAY[value, step::float8, id::float8, ms]) AS hi
      FROM (SELECT key, step, id, value, round(date_part('epoch', "timestamp") * 1000) AS ms
              FROM inserted) AS p
     GROUP BY key, step >> ${2 * MIN_SUMMARY_LEVEL}
  ), mid AS (
    SELECT f.key, l.level, f.bucket >> (2 * (l.level - ${MIN_SUMMARY_LEVEL})) AS bucket, sum(f.n) AS n,
           min(f.first) AS first, max(f.last) AS last, min(f.lo) AS lo, max(f.hi) AS hi
      FROM fine AS f CROSS JOIN generate_series(${MIN_SUMMARY_LEVEL + 1}, ${MID_SUMMARY_LEVEL}) AS l(level)
     GROUP BY f.key, l.level, f.bucket >> (2 * (l.level - ${MIN_SUMMARY_LEVEL}))
  ), coarse AS (
    SELECT m.key, l.level, m.bucket >> (2 * (l.level - ${MID_SUMMARY_LEVEL})) AS bucket, sum(m.n) AS n,
           min(m.first) AS first, max(m.last) AS last, min(m.lo) AS lo, max(m.hi) AS hi
      FROM mid AS m CROSS JOIN generate_series(${MID_SUMMARY_LEVEL + 1}, ${MAX_SUMMARY_LEVEL}) AS l(level)
     WHERE m.level = ${MID_SUMMARY_LEVEL}
     GROUP BY m.key, l.level, m.bucket >> (2 * (l.level - ${MID_SUMMARY_LEVEL}))
  ), summaries AS (
    INSERT INTO metric_summaries AS s (run_id, key, level, bucket, count, first, last, lo, hi)
    SELECT $1::uuid, a.key, a.level, a.bucket, a.n, a.first, a.last, a.lo, a.hi
      FROM (SELECT key, ${MIN_SUMMARY_LEVEL} AS level, bucket, n, first, last, lo, hi FROM fine
            UNION ALL SELECT * FROM mid UNION ALL SELECT * FROM coarse) AS a
     WHERE EXISTS (SELECT 1 FROM kept)
     ORDER BY a.key, a.level, a.bucket
    ON CONFLICT (run_id, key, level, bucket) DO UPDATE
       SET count = s.count + excluded.count,
           first = least(s.first, excluded.first), last = greatest(s.last, excluded.last),
           lo = least(s.lo, excluded.lo), hi = greatest(s.hi, excluded.hi)
    RETURNING 1
  ), chunks AS (
    INSERT INTO metric_chunks (run_id, key, first_id, min_step, max_step, count, points)
    SELECT $1::uuid, key, min(id), min(step), max(step), count(*)::int,
           string_agg(int8send(id) || int8send(step) || float8send(value) || timestamptz_send("timestamp"),
                      ''::bytea ORDER BY id)
      FROM inserted GROUP BY key
    RETURNING count
  )
  SELECT coalesce(sum(count), 0)::int AS count FROM chunks`;

/** A key's chunk smaller than this is merged with the key's other small chunks. */
export const SMALL_CHUNK_POINTS = 256;

// Small calls (one point per step is common) would leave one tiny chunk per call: merge a key's
// small chunks into one. SKIP LOCKED: chunks another writer is merging are left to it, so
// concurrent writers never wait for or deadlock on each other here, and each chunk's points are
// moved by exactly one transaction. Merged chunks stop being small after ~256 points, so a merge
// rewrites at most a few kilobytes.
const MERGE_SMALL_CHUNKS = `WITH small AS (
    SELECT key, first_id FROM metric_chunks
     WHERE run_id = $1::uuid AND key = ANY (string_to_array($2::text, $3::text)) AND count < $4::int
     FOR UPDATE SKIP LOCKED
  ), merged AS (
    DELETE FROM metric_chunks AS c USING small AS s
     WHERE c.run_id = $1::uuid AND c.key = s.key AND c.first_id = s.first_id
    RETURNING c.*
  )
  INSERT INTO metric_chunks (run_id, key, first_id, min_step, max_step, count, points)
  SELECT $1::uuid, key, min(first_id), min(min_step), max(max_step), sum(count)::int,
         string_agg(points, ''::bytea ORDER BY first_id)
    FROM merged GROUP BY key`;

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
      const [inserted] = await tx.$queryRawUnsafe<{ count: number }[]>(
        INSERT_BATCH,
        runId,
        batch.json,
      );
      const count = inserted?.count ?? 0;
      if (count !== points.length) {
        throw new Error(`metric batch of ${points.length} points inserted ${count} rows`);
      }
      if (batch.smallKeys.length > 0) {
        await tx.$executeRawUnsafe(
          MERGE_SMALL_CHUNKS,
          runId,
          batch.smallKeys.join(KEY_SEPARATOR),
          KEY_SEPARATOR,
          SMALL_CHUNK_POINTS,
        );
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
): { json: string; keys: string[]; smallKeys: string[]; sha256: string } {
  if (!Array.isArray(points) || points.length === 0 || points.length > MAX_METRIC_BATCH) {
    throw new RegistryError(
      'invalid',
      `Invalid metrics: send 1 to ${MAX_METRIC_BATCH} points per batch`,
    );
  }
  const now = new Date().toISOString();
  const hash = withHash ? createHash('sha256') : undefined;
  const keys = new Map<string, number>();
  const rows = new Array<{ k: string; s: number; v: number; t: string }>(points.length);
  for (let i = 0; i < points.length; i += 1) {
    const point = points[i] as MetricPointInput;
    const where = `Invalid metrics: points[${i}]`;
    if (point === null || typeof point !== 'object')
      throw new RegistryError('invalid', `${where} is not an object`);
    const { key, value, step = 0, timestamp } = point;
    const seen = keys.get(key);
    if (seen !== undefined) keys.set(key, seen + 1);
    else {
      const checked = ZMetricKeySchema.safeParse(key);
      if (!checked.success) {
        throw new RegistryError(
          'invalid',
          `${where}.key: ${checked.error.issues[0]?.message ?? 'invalid'}`,
        );
      }
      keys.set(key, 1);
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
  return {
    json: JSON.stringify(rows),
    keys: [...keys.keys()],
    smallKeys: [...keys].filter(([, n]) => n < SMALL_CHUNK_POINTS).map(([key]) => key),
    sha256: hash?.digest('hex') ?? '',
  };
}
