import { writeAuditLog } from '../audit/write-audit-log.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { MAX_METRIC_BATCH, ZActorSchema, ZIdSchema, ZMetricKeySchema } from '../schemas.js';
import type { MetricPointInput } from '../types.js';
import { parseInput } from '../validate.js';

const INSERT_BATCH = `INSERT INTO metric_points (run_id, key, step, value, "timestamp")
  SELECT $1::uuid, p.k, p.s, p.v, p.t
    FROM json_to_recordset($2::json) AS p(k text, s bigint, v float8, t timestamptz)`;

/**
 * Logs a batch of metric points (up to 50 000) for a run: one INSERT of the whole batch plus its
 * audit entry, in one transaction, so a batch is stored entirely or not at all.
 *
 * Points are checked here without zod (the same rules as `ZMetricPointSchema`): this is the hot
 * path of metric logging. Values must be finite numbers.
 */
export async function logMetrics(
  ctx: RegistryContext,
  runId: string,
  points: readonly MetricPointInput[],
  actor: string = SYSTEM_ACTOR,
): Promise<{ count: number }> {
  const by = parseInput(ZActorSchema, actor, 'actor');
  if (!ZIdSchema.safeParse(runId).success)
    throw new RegistryError('not_found', `Run ${runId} does not exist`);
  const batch = encodeBatch(points);
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const run = await tx.run.findUnique({
        where: { id: runId },
        select: { experiment: { select: { projectId: true } } },
      });
      if (run === null) throw new RegistryError('not_found', `Run ${runId} does not exist`);
      const count = await tx.$executeRawUnsafe(INSERT_BATCH, runId, batch.json);
      await writeAuditLog(tx, {
        projectId: run.experiment.projectId,
        actor: by,
        action: 'metrics.log',
        entity: 'run',
        entityId: runId,
        details: { count, keys: batch.keys.slice(0, 50) },
      });
      return { count };
    }),
  );
}

function encodeBatch(points: readonly MetricPointInput[]): { json: string; keys: string[] } {
  if (!Array.isArray(points) || points.length === 0 || points.length > MAX_METRIC_BATCH) {
    throw new RegistryError(
      'invalid',
      `Invalid metrics: send 1 to ${MAX_METRIC_BATCH} points per batch`,
    );
  }
  const now = new Date().toISOString();
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
  }
  return { json: JSON.stringify(rows), keys: [...keys] };
}
