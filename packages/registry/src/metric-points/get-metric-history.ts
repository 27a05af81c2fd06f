import { type Page, type PageRequest, ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { encodeCursor, resolvePage } from '../pagination.js';
import { ZMetricKeySchema } from './metric-point.schemas.js';
import type { MetricPoint } from './metric-point.types.js';

export const DEFAULT_METRIC_PAGE_SIZE = 10_000;
export const MAX_METRIC_PAGE_SIZE = 100_000;

// A page comes back as one row: the run check and every point packed into one bytea of 32-byte
// records (int8send(id) ‖ int8send(step) ‖ float8send(value) ‖ timestamptz_send(timestamp), all
// big-endian), decoded here with a DataView (row-by-row decoding in a driver costs 0.4 s and more
// for 100k points; a json_agg ~0.7 s).
//
// The records are read from `metric_chunks`, where logMetrics stores them already packed (one
// chunk per key per call, small ones merged): the server concatenates ~100 values for a 100k-point
// page instead of visiting and packing 100k index entries (and, before the table is vacuumed,
// 100k heap tuples). Measured with bench/registry.bench.mjs: see README.md.
//
// Chunks may overlap in steps (a step logged again later, concurrent writers), so which chunks a
// page needs is decided conservatively: every chunk reaching past the cursor's step that starts at
// or before it, then chunks in min_step order until they hold limit + 1 points. Points of an
// unread chunk all have steps >= `next_step`, so after sorting, the points below `next_step` are
// exactly the history's next points. If those are too few (interleaved steps), the page is read
// from `metric_points` instead, as before the chunks existed.
const CHUNK_PAGE = `WITH c AS (
    SELECT first_id, min_step, points,
           min_step <= $3::int8
             OR sum(CASE WHEN min_step > $3::int8 THEN count ELSE 0 END)
                  OVER (ORDER BY min_step, first_id ROWS UNBOUNDED PRECEDING)
                - CASE WHEN min_step > $3::int8 THEN count ELSE 0 END < $4::int AS selected
      FROM metric_chunks
     WHERE run_id = $1::uuid AND key = $2 AND max_step >= $3::int8
  )
  SELECT EXISTS (SELECT 1 FROM runs WHERE id = $1::uuid) AS run,
         string_agg(points, ''::bytea ORDER BY min_step, first_id) FILTER (WHERE selected) AS points,
         min(min_step) FILTER (WHERE NOT selected) AS next_step
    FROM c`;

// The fallback: the index (run_id, key, step, id, value, timestamp) scanned in order and packed by
// the server. The aggregate has no ORDER BY of its own (on PostgreSQL 15 it re-sorts the rows:
// +60 ms for 100k): it consumes the ordered subquery, and decodePoints checks the order.
const POINTS_PAGE = (where: string) => `SELECT
    EXISTS (SELECT 1 FROM runs WHERE id = $1::uuid) AS run,
    string_agg(int8send(p.id) || int8send(p.step) || float8send(p.value) || timestamptz_send(p."timestamp"), ''::bytea) AS points
  FROM (SELECT id, step, value, "timestamp" FROM metric_points
         WHERE run_id = $1::uuid AND key = $2 ${where}
         ORDER BY step, id LIMIT $3) AS p`;
const FIRST_POINTS_PAGE = POINTS_PAGE('');
const NEXT_POINTS_PAGE = POINTS_PAGE('AND (step, id) > ($4::int8, $5::int8)');

const RECORD_BYTES = 32;
/** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_POW_32 = 4_294_967_296;

interface PageRow {
  run: boolean;
  points: Uint8Array | null;
}

interface ChunkPageRow extends PageRow {
  next_step: bigint | number | null;
}

/**
 * One metric's history in step order (ties in logging order). Pages are large: 10 000 points by
 * default, up to 100 000 (`limit`).
 */
export async function metricHistory(
  ctx: RegistryContext,
  runId: string,
  key: string,
  page?: PageRequest,
): Promise<Page<MetricPoint>> {
  const { limit, after } = resolvePage<string>(page, `metric:${key}`, 'string', {
    defaultLimit: DEFAULT_METRIC_PAGE_SIZE,
    maxLimit: MAX_METRIC_PAGE_SIZE,
  });
  if (!ZIdSchema.safeParse(runId).success)
    throw new RegistryError('not_found', `Run ${runId} does not exist`);
  if (!ZMetricKeySchema.safeParse(key).success) return { items: [], nextCursor: null };
  let position: [number, number] | undefined;
  if (after !== undefined) {
    const match = /^(\d+):(\d+)$/.exec(after);
    if (match === null)
      throw new RegistryError('invalid', 'Invalid page cursor: not a cursor returned by this list');
    position = [Number(match[1]), Number(match[2])];
  }
  return withDbErrors(async () => {
    const [chunked] = await ctx.db.$queryRawUnsafe<ChunkPageRow[]>(
      CHUNK_PAGE,
      runId,
      key,
      position?.[0] ?? -1,
      limit + 1,
    );
    if (chunked === undefined || !chunked.run)
      throw new RegistryError('not_found', `Run ${runId} does not exist`);
    const decoded = decodePoints(key, chunked.points);
    const nextStep = chunked.next_step === null ? null : Number(chunked.next_step);
    let start = 0;
    if (position !== undefined) {
      const [step, id] = position;
      while (
        start < decoded.points.length &&
        ((decoded.points[start] as MetricPoint).step < step ||
          ((decoded.points[start] as MetricPoint).step === step &&
            (decoded.ids[start] as number) <= id))
      ) {
        start += 1;
      }
    }
    let end = decoded.points.length;
    if (nextStep !== null) {
      while (end > start && (decoded.points[end - 1] as MetricPoint).step >= nextStep) end -= 1;
    }
    if (end - start > limit || nextStep === null) {
      const stop = Math.min(end, start + limit + 1);
      return toMetricPage(
        key,
        limit,
        decoded.points.slice(start, stop),
        decoded.ids.slice(start, stop),
      );
    }
    const [result] =
      position === undefined
        ? await ctx.db.$queryRawUnsafe<PageRow[]>(FIRST_POINTS_PAGE, runId, key, limit + 1)
        : await ctx.db.$queryRawUnsafe<PageRow[]>(
            NEXT_POINTS_PAGE,
            runId,
            key,
            limit + 1,
            position[0],
            position[1],
          );
    if (result === undefined || !result.run)
      throw new RegistryError('not_found', `Run ${runId} does not exist`);
    const { points, ids } = decodePoints(key, result.points);
    return toMetricPage(key, limit, points, ids);
  });
}

/** A page from up to `limit + 1` points in history order (the extra one says there is more). */
function toMetricPage(
  key: string,
  limit: number,
  points: MetricPoint[],
  ids: number[],
): Page<MetricPoint> {
  const hasMore = points.length > limit;
  const items = hasMore ? points.slice(0, limit) : points;
  const last = items.at(-1);
  const nextCursor =
    hasMore && last !== undefined
      ? encodeCursor(`metric:${key}`, `${last.step}:${ids[items.length - 1]}`)
      : null;
  return { items, nextCursor };
}

/** Unpacks 32-byte point records (ids kept apart: only the cursor needs one), sorted. */
function decodePoints(
  key: string,
  bytes: Uint8Array | null,
): { points: MetricPoint[]; ids: number[] } {
  if (bytes === null) return { points: [], ids: [] };
  if (bytes.byteLength % RECORD_BYTES !== 0) {
    throw new Error(
      `metric page of ${bytes.byteLength} bytes is not made of ${RECORD_BYTES}-byte records`,
    );
  }
  const n = bytes.byteLength / RECORD_BYTES;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const int64 = (offset: number) => view.getInt32(offset) * TWO_POW_32 + view.getUint32(offset + 4);
  const points = new Array<MetricPoint>(n);
  const ids = new Array<number>(n);
  // Points logged together share a timestamp: format each distinct one once.
  let lastMs = Number.NaN;
  let lastIso = '';
  let sorted = true;
  let previousStep = Number.NEGATIVE_INFINITY;
  let previousId = Number.NEGATIVE_INFINITY;
  for (let i = 0, offset = 0; i < n; i += 1, offset += RECORD_BYTES) {
    const ms = PG_EPOCH_MS + Math.floor(int64(offset + 24) / 1000);
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    const id = int64(offset);
    const step = int64(offset + 8);
    if (step < previousStep || (step === previousStep && id <= previousId)) sorted = false;
    previousStep = step;
    previousId = id;
    ids[i] = id;
    points[i] = { key, step, value: view.getFloat64(offset + 16), timestamp: lastIso };
  }
  if (!sorted) {
    // Chunks of overlapping steps (a step logged again, concurrent writers), or, for the fallback,
    // an aggregate that did not keep its input's order.
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) =>
        (points[a] as MetricPoint).step - (points[b] as MetricPoint).step ||
        (ids[a] as number) - (ids[b] as number),
    );
    return {
      points: order.map((i) => points[i] as MetricPoint),
      ids: order.map((i) => ids[i] as number),
    };
  }
  return { points, ids };
}
