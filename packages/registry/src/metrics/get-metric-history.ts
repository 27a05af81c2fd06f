import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { encodeCursor, resolvePage } from '../pagination.js';
import { ZIdSchema, ZMetricKeySchema } from '../schemas.js';
import type { MetricPoint, Page, PageRequest } from '../types.js';

export const DEFAULT_METRIC_PAGE_SIZE = 10_000;
export const MAX_METRIC_PAGE_SIZE = 100_000;

// The page comes back as one row: the run check and every point packed by the server into one
// bytea of 32-byte records (int8send(id) ‖ int8send(step) ‖ float8send(value) ‖
// timestamptz_send(timestamp), all big-endian), decoded here with a DataView. Measured on 100k
// points (bench/registry.bench.mjs and the notes in README.md): row-by-row decoding in a driver
// costs 0.4 s and more; one json_agg of per-row arrays with to_char timestamps ~0.7 s (building a
// JSON value and formatting a timestamp per row on the server); this ~3–4× less.
// The aggregate has no ORDER BY of its own (on PostgreSQL 15 it re-sorts the 100k rows: +60 ms):
// it consumes the ordered subquery, and decodePoints checks the order and sorts if ever needed.
const PAGE_AS_BYTES = (where: string) => `SELECT
    EXISTS (SELECT 1 FROM runs WHERE id = $1::uuid) AS run,
    string_agg(int8send(p.id) || int8send(p.step) || float8send(p.value) || timestamptz_send(p."timestamp"), ''::bytea) AS points
  FROM (SELECT id, step, value, "timestamp" FROM metric_points
         WHERE run_id = $1::uuid AND key = $2 ${where}
         ORDER BY step, id LIMIT $3) AS p`;
const FIRST_PAGE = PAGE_AS_BYTES('');
const NEXT_PAGE = PAGE_AS_BYTES('AND (step, id) > ($4::int8, $5::int8)');

const RECORD_BYTES = 32;
/** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_POW_32 = 4_294_967_296;

interface PageRow {
  run: boolean;
  points: Uint8Array | null;
}

/**
 * One metric's history in step order (ties in logging order). Pages are large: 10 000 points by
 * default, up to 100 000 (`limit`).
 */
export async function getMetricHistory(
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
    const [result] =
      position === undefined
        ? await ctx.db.$queryRawUnsafe<PageRow[]>(FIRST_PAGE, runId, key, limit + 1)
        : await ctx.db.$queryRawUnsafe<PageRow[]>(
            NEXT_PAGE,
            runId,
            key,
            limit + 1,
            position[0],
            position[1],
          );
    if (result === undefined || !result.run)
      throw new RegistryError('not_found', `Run ${runId} does not exist`);
    const { points, ids } = decodePoints(key, result.points);
    const hasMore = points.length > limit;
    const items = hasMore ? points.slice(0, limit) : points;
    const last = items.at(-1);
    const nextCursor =
      hasMore && last !== undefined
        ? encodeCursor(`metric:${key}`, `${last.step}:${ids[items.length - 1]}`)
        : null;
    return { items, nextCursor };
  });
}

/** Unpacks the 32-byte records of PAGE_AS_BYTES (ids kept apart: only the cursor needs one). */
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
    // Never observed: kept so that correctness does not rest on the aggregate's input order.
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
