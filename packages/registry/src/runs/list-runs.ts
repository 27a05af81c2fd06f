import { createHash } from 'node:crypto';
import { type Page, type PageRequest, ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { encodeCursor, resolvePage, toPage } from '../pagination.js';
import { parseInput } from '../validate.js';
import { toRun } from './run.mappers.js';
import { type TRunListOptions, ZRunListOptionsSchema } from './run.schemas.js';
import type { Run } from './run.types.js';

const SORT_COLUMNS = { startedAt: 'started_at', name: 'name', status: 'status' } as const;

/**
 * An experiment's runs: newest first (ids are time-ordered UUIDv7, paged by id), or sorted and
 * filtered as `options` say (see `ZRunListOptionsSchema`), paged by position in that order.
 *
 * Sorting and filtering run in the database over the experiment's rows (its `(experiment_id, id)`
 * index), parameters and tags by jsonb containment and jsonb order (numbers by value, then
 * strings; a run without the parameter sorts last), ties broken by id; only the page's rows are
 * read in full. Metrics sort and filter by each run's latest value per key (`latest_metrics`, kept
 * when points are logged). A cursor belongs to one sort and filter: used with another, it is refused.
 */
export async function list(
  ctx: RegistryContext,
  experimentId: string,
  page?: PageRequest,
  options?: TRunListOptions,
): Promise<Page<Run>> {
  const opts = parseInput(ZRunListOptionsSchema, options ?? {}, 'run list options');
  const notFound = new RegistryError('not_found', `Experiment ${experimentId} does not exist`);
  const plain =
    opts.sort === undefined &&
    opts.status === undefined &&
    Object.keys(opts.params ?? {}).length === 0 &&
    Object.keys(opts.tags ?? {}).length === 0 &&
    (opts.metrics ?? []).length === 0;
  if (plain) return newestFirst(ctx, experimentId, page, notFound);
  // One list per sort and filter, so a cursor cannot be carried over to another.
  const list = `runs:${createHash('sha256').update(JSON.stringify(opts)).digest('hex').slice(0, 16)}`;
  const { limit, after } = resolvePage<number>(page, list, 'number');
  const offset = after ?? 0;
  if (!ZIdSchema.safeParse(experimentId).success) throw notFound;
  const sort = opts.sort ?? '-startedAt';
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  const dir = descending ? 'DESC' : 'ASC';
  const values: unknown[] = [
    experimentId,
    opts.status ?? null,
    JSON.stringify(opts.params ?? {}),
    JSON.stringify(opts.tags ?? {}),
    limit + 1,
    offset,
    JSON.stringify(opts.metrics ?? []),
  ];
  let order: string;
  if (field.startsWith('params.')) {
    values.push(field.slice('params.'.length));
    order = `params -> $8 ${dir} NULLS LAST`;
  } else if (field.startsWith('metrics.')) {
    values.push(field.slice('metrics.'.length));
    // jsonb numbers order by value.
    order = `latest_metrics -> $8 -> 'v' ${dir} NULLS LAST`;
  } else {
    order = `${SORT_COLUMNS[field as keyof typeof SORT_COLUMNS]} ${dir} NULLS LAST`;
  }
  return withDbErrors(async () => {
    const experiment = await ctx.db.experiment.findUnique({
      where: { id: experimentId },
      select: { id: true, projectId: true },
    });
    if (experiment === null) throw notFound;
    const ids = await ctx.db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM runs
        WHERE experiment_id = $1::uuid
          AND ($2::text IS NULL OR status::text = $2::text)
          AND params @> $3::jsonb AND tags @> $4::jsonb
          AND NOT EXISTS (
            SELECT 1 FROM jsonb_to_recordset($7::jsonb) AS f(key text, op text, value float8)
             WHERE (CASE f.op
                      WHEN '<' THEN (latest_metrics -> f.key ->> 'v')::float8 < f.value
                      WHEN '<=' THEN (latest_metrics -> f.key ->> 'v')::float8 <= f.value
                      WHEN '>' THEN (latest_metrics -> f.key ->> 'v')::float8 > f.value
                      WHEN '>=' THEN (latest_metrics -> f.key ->> 'v')::float8 >= f.value
                      WHEN '=' THEN (latest_metrics -> f.key ->> 'v')::float8 = f.value
                      WHEN '!=' THEN (latest_metrics -> f.key ->> 'v')::float8 <> f.value
                    END) IS NOT TRUE)
        ORDER BY ${order}, id DESC
        LIMIT $5 OFFSET $6`,
      ...values,
    );
    const rows = await ctx.db.run.findMany({ where: { id: { in: ids.map((r) => r.id) } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ordered = ids.map((r) => byId.get(r.id)).filter((r) => r !== undefined);
    const hasMore = ordered.length > limit;
    return {
      items: ordered.slice(0, limit).map((row) => toRun(row, experiment.projectId)),
      nextCursor: hasMore ? encodeCursor(list, offset + limit) : null,
    };
  });
}

async function newestFirst(
  ctx: RegistryContext,
  experimentId: string,
  page: PageRequest | undefined,
  notFound: RegistryError,
): Promise<Page<Run>> {
  const { limit, after } = resolvePage<string>(page, 'runs', 'string');
  if (!ZIdSchema.safeParse(experimentId).success) throw notFound;
  return withDbErrors(async () => {
    const experiment = await ctx.db.experiment.findUnique({
      where: { id: experimentId },
      select: { id: true, projectId: true },
    });
    if (experiment === null) throw notFound;
    const rows = await ctx.db.run.findMany({
      where: after === undefined ? { experimentId } : { experimentId, id: { lt: after } },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    return toPage(
      rows,
      limit,
      'runs',
      (row) => row.id,
      (row) => toRun(row, experiment.projectId),
    );
  });
}
