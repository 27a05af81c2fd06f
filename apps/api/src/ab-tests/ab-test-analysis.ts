import {
  type AbTestAnalysis,
  analyzeAbTest,
  type TAnalyzeAbTestInput,
  type TMetricStats,
} from '@assay/core/abtest';
import type {
  AbAggregates,
  AbMetric,
  AbMetricSums,
  AbTest,
  AbTestMethod,
  Registry,
} from '@assay/registry';

export interface AnalysisOptions {
  method?: AbTestMethod | undefined;
  correction?: 'holm' | 'benjamini-hochberg' | 'none' | undefined;
  cuped?: boolean | undefined;
}

/** One metric's sums of one variant as the core reads them. */
function toStats(metric: AbMetric, sums: AbMetricSums, withPre: boolean): TMetricStats {
  const pre = withPre && sums.pre ? { pre: sums.pre } : {};
  if (metric.kind === 'proportion') return { kind: 'proportion', n: sums.n, sum: sums.sum, ...pre };
  if (metric.kind === 'mean') {
    return { kind: 'mean', n: sums.n, sum: sums.sum, sumSquares: sums.sumSquares, ...pre };
  }
  return {
    kind: 'ratio',
    n: sums.n,
    numeratorSum: sums.sum,
    numeratorSumSquares: sums.sumSquares,
    denominatorSum: sums.denominatorSum,
    denominatorSumSquares: sums.denominatorSumSquares,
    productSum: sums.productSum,
    ...(withPre && sums.ratioPre ? { pre: sums.ratioPre } : {}),
  };
}

/**
 * The core's input from a test's aggregates: variants with their units and designed weights, each
 * metric's statistics per variant. A metric gets the CUPED covariate (a ratio: the pair of its
 * events' `pre`) only when every variant has one; the expected weights are each period's split weighted by the units
 * it exposed (a ramp-up keeps earlier units where they were, so SRM compares with the mixture).
 */
export function analysisInput(
  test: AbTest,
  aggregates: AbAggregates,
  options: AnalysisOptions,
): TAnalyzeAbTestInput {
  return {
    variants: test.variants.map((v, i) => ({
      name: v.name,
      units: aggregates.variants[i]?.units ?? 0,
      expectedWeight: aggregates.expectedWeights[i] ?? v.weight,
    })),
    metrics: test.metrics.map((m, i) => {
      const sums = aggregates.variants.map((v) => v.metrics[i] as AbMetricSums);
      const withPre = sums.every((s) => (m.kind === 'ratio' ? s.ratioPre : s.pre) !== null);
      return {
        name: m.name,
        role: m.role,
        inverse: m.inverse,
        stats: sums.map((s) => toStats(m, s, withPre)),
      };
    }),
    method: options.method ?? test.method,
    alpha: test.alpha,
    correction: options.correction ?? 'holm',
    cuped: options.cuped ?? true,
  };
}

/** A point of the interval-over-time plot: a metric's relative lift of a variant at a day's end. */
export interface SeriesPoint {
  day: string;
  metric: string;
  variant: number;
  units: number;
  estimate: number | null;
  ci: [number, number] | null;
}

const DAY_MS = 86_400_000;

/**
 * The analysis now, and the relative lift's interval at the end of each of the last `days` UTC days
 * since the test started (cumulative: everything up to that instant), for the plot. Each day is
 * its own aggregation in the database.
 */
export async function analyzeTest(
  registry: Registry,
  test: AbTest,
  options: AnalysisOptions & { days?: number | undefined },
): Promise<{ until: string; analysis: AbTestAnalysis; series: SeriesPoint[] }> {
  const aggregates = await registry.abTests.aggregateTest(test);
  const analysis = analyzeAbTest(analysisInput(test, aggregates, options));
  const series: SeriesPoint[] = [];
  const start = test.startedAt ? Date.parse(test.startedAt) : null;
  if (start !== null) {
    const until = Date.parse(aggregates.until);
    const lastDay = Math.floor(until / DAY_MS);
    const firstDay = Math.max(Math.floor(start / DAY_MS), lastDay - (options.days ?? 30) + 1);
    for (let day = firstDay; day <= lastDay; day += 1) {
      const end =
        day === lastDay
          ? aggregates
          : await registry.abTests.aggregateTest(test, new Date((day + 1) * DAY_MS - 1));
      const at = day === lastDay ? analysis : analyzeAbTest(analysisInput(test, end, options));
      for (const metric of at.metrics) {
        for (const v of metric.variants) {
          if (v.variant === 0) continue;
          series.push({
            day: new Date(day * DAY_MS).toISOString().slice(0, 10),
            metric: metric.name,
            variant: v.variant,
            units: v.units,
            estimate: v.relative.estimate,
            ci: v.relative.ci,
          });
        }
      }
    }
  }
  return { until: aggregates.until, analysis, series };
}
