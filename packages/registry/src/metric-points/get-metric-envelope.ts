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
