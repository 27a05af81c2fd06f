import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { abTestInclude, toAbTest } from './ab-test.mappers.js';
import type { AbAggregates, AbMetric, AbMetricSums, AbTest } from './ab-test.types.js';

/**
 * The SQL that reduces a test's events to sufficient statistics, for its metrics: every exposed
 * unit (up to `until`) is one row with, per metric, its value x (a proportion: 1 when its values
 * of the event sum above 0; a mean: the sum of its values; a ratio: the numerator's sum, with the denominator's sum
 * y), and its pre-period covariate p (the largest `pre` its events of that metric carried; 0
 * without). Then per variant: n, Σx, Σx², Σy, Σy², Σxy, Σp, Σp², Σxp and how many units had a
 * `pre`; for a ratio also the denominator's covariate q and the cross sums CUPED of a ratio needs
 * (Σq, Σq², Σpq, Σyq, Σxq, Σpy). Event names are parameters, never spliced into the text.
 */
function aggregateSql(metrics: readonly AbMetric[]): { sql: string; events: string[] } {
  const events = [
    ...new Set(metrics.flatMap((m) => [m.event, ...(m.denominator ? [m.denominator] : [])])),
  ];
  const param = (name: string) => `$${5 + events.indexOf(name)}`;
  const perEvent = events
    .map((name, k) => {
      const p = param(name);
      return `sum(value) FILTER (WHERE event = ${p}) AS s${k}, max(pre) FILTER (WHERE event = ${p}) AS p${k}`;
    })
    .join(',\n           ');
  const perUnit = metrics
    .map((m, i) => {
      const k = events.indexOf(m.event);
      // A proportion converts on a positive total (an event with value 0 carries only `pre`),
      // and its covariate is 0/1 too (the core compares like with like).
      const x =
        m.kind === 'proportion'
          ? `CASE WHEN COALESCE(eu.s${k}, 0) > 0 THEN 1.0 ELSE 0.0 END`
          : `COALESCE(eu.s${k}, 0.0)`;
      const y = m.denominator ? `COALESCE(eu.s${events.indexOf(m.denominator)}, 0.0)` : '0.0';
      const p =
        m.kind === 'proportion'
          ? `CASE WHEN eu.p${k} IS NULL THEN NULL WHEN eu.p${k} > 0 THEN 1.0 ELSE 0.0 END`
          : `eu.p${k}`;
      // A ratio's covariate is the pair of pre-period values: its numerator's and denominator's.
      const q = m.denominator ? `eu.p${events.indexOf(m.denominator)}` : 'NULL::float8';
      return `${x} AS x${i}, ${y} AS y${i}, ${p} AS p${i}, ${q} AS q${i}`;
    })
    .join(',\n           ');
  const sums = metrics
    .map(
      (_, i) => `sum(x${i})::float8 AS sx${i}, sum(x${i} * x${i})::float8 AS sxx${i},
           sum(y${i})::float8 AS sy${i}, sum(y${i} * y${i})::float8 AS syy${i}, sum(x${i} * y${i})::float8 AS sxy${i},
           COALESCE(sum(p${i}), 0)::float8 AS sp${i}, COALESCE(sum(p${i} * p${i}), 0)::float8 AS spp${i},
           COALESCE(sum(x${i} * p${i}), 0)::float8 AS sxp${i}, count(p${i})::float8 AS np${i},
           COALESCE(sum(q${i}), 0)::float8 AS sq${i}, COALESCE(sum(q${i} * q${i}), 0)::float8 AS sqq${i},
           COALESCE(sum(COALESCE(p${i}, 0) * COALESCE(q${i}, 0)), 0)::float8 AS spq${i},
           COALESCE(sum(y${i} * q${i}), 0)::float8 AS syq${i}, COALESCE(sum(x${i} * q${i}), 0)::float8 AS sxq${i},
           COALESCE(sum(p${i} * y${i}), 0)::float8 AS spy${i}, count(q${i})::float8 AS nq${i}`,
    )
    .join(',\n           ');
  const sql = `WITH x AS (
      SELECT unit_id, variant FROM ab_exposures WHERE ab_test_id = $1::uuid AND "at" <= $2::timestamptz
    ), eu AS (
      SELECT unit_id,
           ${perEvent}
        FROM ab_events
       WHERE ab_test_id = $1::uuid AND "at" <= $2::timestamptz
         AND ($3::timestamptz IS NULL OR "at" >= $3::timestamptz) AND event = ANY($4::text[])
       GROUP BY unit_id
    ), u AS (
      SELECT x.variant,
           ${perUnit}
        FROM x LEFT JOIN eu ON eu.unit_id = x.unit_id
    )
    SELECT variant, count(*)::float8 AS n,
           ${sums}
      FROM u GROUP BY variant ORDER BY variant`;
  return { sql, events };
}

type SumsRow = Record<string, number> & { variant: number; n: number };

/**
 * A test's sufficient statistics up to `until` (default now; its stop time once stopped): per
 * variant, the exposed units and, per metric in the test's order, the sums the core's analysis
 * reads. Events of units never exposed do not count; nor do events before the current phase (a
 * reassignment). Every variant is present, with zeros when nobody saw it yet.
 */
export async function aggregate(
  ctx: RegistryContext,
  projectId: string,
  id: string,
  options: { until?: Date } = {},
): Promise<AbAggregates> {
  const notFound = new RegistryError('not_found', `A/B test ${id} does not exist`);
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) throw notFound;
  return withDbErrors(async () => {
    const row = await ctx.db.abTest.findFirst({ where: { id, projectId }, include: abTestInclude });
    if (row === null) throw notFound;
    return aggregateTest(ctx, toAbTest(row), options.until);
  });
}

/** The same, for a test already read (the API's analysis reads it once for several instants). */
export async function aggregateTest(
  ctx: RegistryContext,
  test: AbTest,
  until?: Date,
): Promise<AbAggregates> {
  const end = until ?? (test.stoppedAt ? new Date(test.stoppedAt) : new Date());
  const { sql, events } = aggregateSql(test.metrics);
  const rows = await withDbErrors(() =>
    ctx.db.$queryRawUnsafe<SumsRow[]>(
      sql,
      test.id,
      end,
      test.phaseStartedAt === null ? null : new Date(test.phaseStartedAt),
      events,
      ...events,
    ),
  );
  const byVariant = new Map(rows.map((r) => [Number(r.variant), r]));
  return {
    until: end.toISOString(),
    expectedWeights: await expectedWeights(ctx, test, end),
    variants: test.variants.map((v) => {
      const r = byVariant.get(v.index);
      const units = r ? Number(r.n) : 0;
      return {
        variant: v.index,
        units,
        metrics: test.metrics.map((_, i): AbMetricSums => {
          const num = (c: string) => (r ? Number(r[`${c}${i}`] ?? 0) : 0);
          return {
            n: units,
            sum: num('sx'),
            sumSquares: num('sxx'),
            denominatorSum: num('sy'),
            denominatorSumSquares: num('syy'),
            productSum: num('sxy'),
            pre:
              num('np') > 0
                ? { sum: num('sp'), sumSquares: num('spp'), productSum: num('sxp') }
                : null,
            ratioPre:
              test.metrics[i]?.kind === 'ratio' && (num('np') > 0 || num('nq') > 0)
                ? {
                    numeratorSum: num('sp'),
                    numeratorSumSquares: num('spp'),
                    denominatorSum: num('sq'),
                    denominatorSumSquares: num('sqq'),
                    productSum: num('spq'),
                    numeratorProductSum: num('sxp'),
                    denominatorProductSum: num('syq'),
                    numeratorDenominatorPreSum: num('sxq'),
                    numeratorPreDenominatorSum: num('spy'),
                  }
                : null,
          };
        }),
      };
    }),
  };
}

/**
 * The split the exposed units should show: the units first exposed in each period between
 * ramp-ups, each period at its own weights. Units keep their variant across a ramp-up, so after
 * one the overall split is a mixture of the periods' splits, not the current weights (comparing
 * with those would flag every ramped test as a sample-ratio mismatch).
 */
async function expectedWeights(ctx: RegistryContext, test: AbTest, until: Date): Promise<number[]> {
  const current = test.variants.map((v) => v.weight);
  const history = test.weightHistory.filter((h) => h.weights.length === current.length);
  if (history.length <= 1) return history[0]?.weights ?? current;
  // width_bucket: 0 before the first boundary, k in [boundary k, boundary k+1).
  const rows = await withDbErrors(() =>
    ctx.db.$queryRawUnsafe<{ period: number; units: number }[]>(
      `SELECT width_bucket("at", $2::timestamptz[]) AS period, count(*)::float8 AS units
         FROM ab_exposures WHERE ab_test_id = $1::uuid AND "at" <= $3::timestamptz GROUP BY 1`,
      test.id,
      history.map((h) => new Date(h.at)),
      until,
    ),
  );
  const expected = current.map(() => 0);
  let total = 0;
  for (const r of rows) {
    const weights = history[Math.max(0, Number(r.period) - 1)]?.weights ?? current;
    const units = Number(r.units);
    total += units;
    weights.forEach((w, i) => {
      expected[i] = (expected[i] as number) + units * w;
    });
  }
  return total > 0 ? expected.map((e) => e / total) : current;
}

/** First exposures per UTC day and variant, oldest first: the portal's exposures-per-day chart. */
export async function exposuresByDay(
  ctx: RegistryContext,
  abTestId: string,
): Promise<{ day: string; variant: number; units: number }[]> {
  if (!ZIdSchema.safeParse(abTestId).success) return [];
  const rows = await withDbErrors(() =>
    ctx.db.$queryRawUnsafe<{ day: Date; variant: number; units: number }[]>(
      `SELECT date_trunc('day', "at" AT TIME ZONE 'UTC') AS day, variant, count(*)::float8 AS units
         FROM ab_exposures WHERE ab_test_id = $1::uuid GROUP BY 1, 2 ORDER BY 1, 2`,
      abTestId,
    ),
  );
  return rows.map((r) => ({
    day: new Date(r.day).toISOString().slice(0, 10),
    variant: Number(r.variant),
    units: Number(r.units),
  }));
}
