import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { ZMetricEnvelopeOptionsSchema, ZMetricKeySchema } from './metric-point.schemas.js';
import type { MetricPoint } from './metric-point.types.js';
import { MAX_SUMMARY_LEVEL, MIN_SUMMARY_LEVEL } from './metric-summary-levels.js';

/** A metric's history reduced to its envelope at one level (see `metricEnvelope`). */
export interface MetricEnvelope {
  /** Points in the whole history. */
  count: number;
  /** Steps per bucket (4^level); null when the metric has no point. */
  bucketSteps: number | null;
  /**
   * Per bucket, its first, lowest, highest and last points (each point once), in history order
   * (step, then logging order): the first and last points of the history and its lowest and
   * highest values are among them.
   */
  points: MetricPoint[];
}

// The coarsest level holds the whole history in one or two rows: its count and step span pick the
// finest level whose buckets over that span are at most $3; then that level's rows, packed like
// a history page (16 float8 per bucket: first, last, lo, hi) and read as one value.
const FIELDS = ['first', 'last', 'lo', 'hi']
  .flatMap((column) => [1, 2, 3, 4].map((i) => `float8send(s.${column}[${i}])`))
  .join(' || ');
const ENVELOPE = `WITH top AS (
    SELECT sum(count) AS n, min(first[1])::int8 AS lo_step, max(last[1])::int8 AS hi_step
      FROM metric_summaries
     WHERE run_id = $1::uuid AND key = $2 AND level = ${MAX_SUMMARY_LEVEL}
  ), pick AS (
    SELECT coalesce(min(l.level), ${MAX_SUMMARY_LEVEL}) AS level
      FROM top CROSS JOIN generate_series(${MIN_SUMMARY_LEVEL}, ${MAX_SUMMARY_LEVEL}) AS l(level)
     WHERE (top.hi_step >> (2 * l.level)) - (top.lo_step >> (2 * l.level)) < $3::int
  )
  SELECT EXISTS (SELECT 1 FROM runs WHERE id = $1::uuid) AS run,
         (SELECT n FROM top) AS count, (SELECT level FROM pick) AS level,
         (SELECT string_agg(${FIELDS}, ''::bytea ORDER BY s.bucket)
            FROM metric_summaries AS s
           WHERE s.run_id = $1::uuid AND s.key = $2 AND s.level = (SELECT level FROM pick)) AS points`;

interface EnvelopeRow {
  run: boolean;
  count: bigint | number | string | null;
  level: number | null;
  points: Uint8Array | null;
}

const BUCKET_BYTES = 16 * 8;

/**
 * A metric's history as its envelope: the steps cut into buckets of 4^level steps (16 to 2^52),
 * at the finest level that needs at most `maxBuckets` buckets over the history's span, and of
 * each bucket its first, last, lowest and highest points. Read from `metric_summaries`, which the
 * statement logging a batch keeps: the cost is that of the buckets (at most `maxBuckets` rows),
 * not of the points logged. A chart downsamples these points further (LTTB) without losing the
 * history's ends or extremes; the full history is `metricHistory`.
 *
 * @throws RegistryError `not_found` when the run does not exist; `invalid` for a bad `maxBuckets`.
 */
export async function metricEnvelope(
  ctx: RegistryContext,
  runId: string,
  key: string,
  options: { maxBuckets: number },
): Promise<MetricEnvelope> {
  const { maxBuckets } = parseInput(ZMetricEnvelopeOptionsSchema, options, 'envelope options');
  if (!ZIdSchema.safeParse(runId).success)
    throw new RegistryError('not_found', `Run ${runId} does not exist`);
  if (!ZMetricKeySchema.safeParse(key).success) {
    return { count: 0, bucketSteps: null, points: [] };
  }
  const [row] = await withDbErrors(() =>
    ctx.db.$queryRawUnsafe<EnvelopeRow[]>(ENVELOPE, runId, key, maxBuckets),
  );
  if (row === undefined || !row.run)
    throw new RegistryError('not_found', `Run ${runId} does not exist`);
  if (row.count === null || row.points === null) return { count: 0, bucketSteps: null, points: [] };
  return {
    count: Number(row.count),
    bucketSteps: 4 ** Number(row.level),
    points: decodeEnvelope(key, row.points),
  };
}

// Several runs' envelopes in one statement (`metricEnvelopes`): the same level choice per run and
// key as ENVELOPE, over every key of the runs (or of $3), with each run's project for the caller's
// access check; a run with no key still answers one row (key null), a missing run none.
const ENVELOPES = `WITH r AS (
    SELECT r.id, e.project_id
      FROM runs AS r JOIN experiments AS e ON e.id = r.experiment_id
     WHERE r.id = ANY($1::uuid[])
  ), top AS (
    SELECT s.run_id, s.key, sum(s.count) AS n,
           min(s.first[1])::int8 AS lo_step, max(s.last[1])::int8 AS hi_step
      FROM metric_summaries AS s
     WHERE s.run_id IN (SELECT id FROM r) AND s.level = ${MAX_SUMMARY_LEVEL}
       AND ($3::text[] IS NULL OR s.key = ANY($3::text[]))
     GROUP BY s.run_id, s.key
  ), pick AS (
    SELECT top.run_id, top.key, top.n,
           (SELECT coalesce(min(l.level), ${MAX_SUMMARY_LEVEL})
              FROM generate_series(${MIN_SUMMARY_LEVEL}, ${MAX_SUMMARY_LEVEL}) AS l(level)
             WHERE (top.hi_step >> (2 * l.level)) - (top.lo_step >> (2 * l.level)) < $2::int) AS level
      FROM top
  )
  SELECT r.id::text AS run_id, r.project_id::text AS project_id, p.key, p.n AS count, p.level,
         (SELECT string_agg(${FIELDS}, ''::bytea ORDER BY s.bucket)
            FROM metric_summaries AS s
           WHERE s.run_id = p.run_id AND s.key = p.key AND s.level = p.level) AS points
    FROM r LEFT JOIN pick AS p ON p.run_id = r.id`;

interface EnvelopesRow {
  run_id: string;
  project_id: string;
  key: string | null;
  count: bigint | number | string | null;
  level: number | null;
  points: Uint8Array | null;
}

/** One run's metrics as envelopes (see `metricEnvelopes`). */
export interface RunEnvelopes {
  runId: string;
  /** The run's project: a caller serving one project checks it. */
  projectId: string;
  /** Per key logged (of those asked for), in code-point order. */
  metrics: Array<{ key: string } & MetricEnvelope>;
}

/**
 * Several runs' metrics as envelopes, every key of each run (or only `keys`), each exactly as
 * `metricEnvelope(runId, key, { maxBuckets })` answers it, in one statement: a comparison of 20
 * runs costs one round trip, not one per run and key (on the embedded database, which answers one
 * query at a time, those add up). Runs are answered in the order given, each once.
 *
 * @throws RegistryError `not_found` naming the first run that does not exist; `invalid` for a bad
 * `maxBuckets`.
 */
export async function metricEnvelopes(
  ctx: RegistryContext,
  runIds: readonly string[],
  options: { maxBuckets: number; keys?: readonly string[] },
): Promise<RunEnvelopes[]> {
  const { maxBuckets } = parseInput(
    ZMetricEnvelopeOptionsSchema,
    { maxBuckets: options.maxBuckets },
    'envelope options',
  );
  const ids = [...new Set(runIds)];
  const malformed = ids.find((id) => !ZIdSchema.safeParse(id).success);
  if (malformed !== undefined)
    throw new RegistryError('not_found', `Run ${malformed} does not exist`);
  const keys =
    options.keys === undefined
      ? null
      : options.keys.filter((k) => ZMetricKeySchema.safeParse(k).success);
  if (ids.length === 0) return [];
  const rows = await withDbErrors(() =>
    ctx.db.$queryRawUnsafe<EnvelopesRow[]>(ENVELOPES, ids, maxBuckets, keys),
  );
  const byRun = new Map<string, RunEnvelopes>();
  for (const row of rows) {
    let run = byRun.get(row.run_id);
    if (run === undefined) {
      run = { runId: row.run_id, projectId: row.project_id, metrics: [] };
      byRun.set(row.run_id, run);
    }
    if (row.key === null || row.count === null || row.points === null) continue;
    run.metrics.push({
      key: row.key,
      count: Number(row.count),
      bucketSteps: 4 ** Number(row.level),
      points: decodeEnvelope(row.key, row.points),
    });
  }
  return ids.map((id) => {
    const run = byRun.get(id);
    if (run === undefined) throw new RegistryError('not_found', `Run ${id} does not exist`);
    run.metrics.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return run;
  });
}

interface Candidate {
  step: number;
  id: number;
  value: number;
  ms: number;
}

/** Unpacks buckets of 16 float8 (first, last: step, id, value, ms; lo, hi: value, step, id, ms). */
function decodeEnvelope(key: string, bytes: Uint8Array): MetricPoint[] {
  if (bytes.byteLength % BUCKET_BYTES !== 0) {
    throw new Error(
      `envelope of ${bytes.byteLength} bytes is not made of ${BUCKET_BYTES}-byte buckets`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (offset: number, i: number) => view.getFloat64(offset + i * 8);
  const out: MetricPoint[] = [];
  let lastMs = Number.NaN;
  let lastIso = '';
  for (let offset = 0; offset < bytes.byteLength; offset += BUCKET_BYTES) {
    const byStepFirst = (o: number): Candidate => ({
      step: at(offset, o),
      id: at(offset, o + 1),
      value: at(offset, o + 2),
      ms: at(offset, o + 3),
    });
    const byValueFirst = (o: number): Candidate => ({
      value: at(offset, o),
      step: at(offset, o + 1),
      id: at(offset, o + 2),
      ms: at(offset, o + 3),
    });
    const bucket = [byStepFirst(0), byStepFirst(4), byValueFirst(8), byValueFirst(12)]
      .sort((a, b) => a.step - b.step || a.id - b.id)
      .filter((p, i, all) => i === 0 || p.id !== (all[i - 1] as Candidate).id);
    for (const p of bucket) {
      if (p.ms !== lastMs) {
        lastMs = p.ms;
        lastIso = new Date(p.ms).toISOString();
      }
      out.push({ key, step: p.step, value: p.value, timestamp: lastIso });
    }
  }
  return out;
}
