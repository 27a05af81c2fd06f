import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { resolvePage, toPage } from '../pagination.js';
import { ZIdSchema, ZMetricKeySchema } from '../schemas.js';
import type { MetricPoint, Page, PageRequest } from '../types.js';

export const DEFAULT_METRIC_PAGE_SIZE = 10_000;
export const MAX_METRIC_PAGE_SIZE = 100_000;

// The page is aggregated into one JSON text by the server: parsing one string with JSON.parse is
// several times faster than decoding 100 000 rows through a driver (measured: the query itself
// takes ~40 ms server-side for 100k points; row-by-row decoding took 0.4–1.7 s on this machine).
const PAGE_AS_JSON = (where: string) => `SELECT coalesce(json_agg(json_build_array(
    p.id, p.step, p.value, to_char(p."timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  ) ORDER BY p.step, p.id), '[]')::text AS page
  FROM (SELECT id, step, value, "timestamp" FROM metric_points
         WHERE run_id = $1::uuid AND key = $2 ${where}
         ORDER BY step, id LIMIT $3) AS p`;
const FIRST_PAGE = PAGE_AS_JSON('');
const NEXT_PAGE = PAGE_AS_JSON('AND (step, id) > ($4::int8, $5::int8)');

type PointTuple = [id: number, step: number, value: number, timestamp: string];

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
    const run = await ctx.db.run.findUnique({ where: { id: runId }, select: { id: true } });
    if (run === null) throw new RegistryError('not_found', `Run ${runId} does not exist`);
    const [result] =
      position === undefined
        ? await ctx.db.$queryRawUnsafe<{ page: string }[]>(FIRST_PAGE, runId, key, limit + 1)
        : await ctx.db.$queryRawUnsafe<{ page: string }[]>(
            NEXT_PAGE,
            runId,
            key,
            limit + 1,
            position[0],
            position[1],
          );
    const rows = JSON.parse(result?.page ?? '[]') as PointTuple[];
    return toPage(
      rows,
      limit,
      `metric:${key}`,
      ([id, step]) => `${step}:${id}`,
      ([, step, value, timestamp]) => ({ key, step, value, timestamp }),
    );
  });
}
