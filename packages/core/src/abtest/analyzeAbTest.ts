import { parseWith } from '../errors/zodIssues.js';
import { proportionsZTest, welchFromMoments } from './classicTests.js';
import {
  type DifferenceType,
  effectBayesianTest,
  effectMoments,
  sequentialTwoSidedTTest,
  twoSidedTTest,
} from './effectTests.js';
import { adjustPValues } from './multipleTesting.js';
import {
  type AbTestAnalysis,
  type TAbEffect,
  type TAbMetricResult,
  type TAbVariantResult,
  type TAnalyzeAbTestInput,
  type TMetricStats,
  ZAnalyzeAbTestInputSchema,
} from './schemas.js';
import { sampleRatioMismatch } from './srm.js';
import { type Stat, statUnadjustedMean, statVariance } from './statistics.js';

/** The references the analysis follows, recorded in every result. */
export const AB_ENGINE =
  'gbstats 0.8.0 (github:growthbook/growthbook@8f1db445); statsmodels 0.13.5; SciPy 1.10.1';

const DEFAULT_ALPHA = 0.05;
const DEFAULT_TUNING = 5000;

/** gbstats statistic of one variant, without (`base`) or with (`adjusted`) CUPED. */
function toStat(s: TMetricStats, cuped: boolean): Stat {
  if (s.kind === 'ratio') {
    const m = {
      type: 'mean',
      n: s.n,
      sum: s.numeratorSum,
      sumSquares: s.numeratorSumSquares,
    } as const;
    const d = {
      type: 'mean',
      n: s.n,
      sum: s.denominatorSum,
      sumSquares: s.denominatorSumSquares,
    } as const;
    if (!cuped || s.pre === undefined)
      return { type: 'ratio', n: s.n, m, d, productSum: s.productSum };
    const p = s.pre;
    return {
      type: 'adjustedRatio',
      n: s.n,
      mPost: m,
      dPost: d,
      mPre: { type: 'mean', n: s.n, sum: p.numeratorSum, sumSquares: p.numeratorSumSquares },
      dPre: { type: 'mean', n: s.n, sum: p.denominatorSum, sumSquares: p.denominatorSumSquares },
      mPostMPre: p.numeratorProductSum,
      dPostDPre: p.denominatorProductSum,
      mPreDPre: p.productSum,
      mPostDPost: s.productSum,
      mPostDPre: p.numeratorDenominatorPreSum,
      mPreDPost: p.numeratorPreDenominatorSum,
      theta: null,
    };
  }
  const post: Stat =
    s.kind === 'proportion'
      ? { type: 'proportion', n: s.n, sum: s.sum }
      : { type: 'mean', n: s.n, sum: s.sum, sumSquares: s.sumSquares };
  if (!cuped || s.pre === undefined) return post;
  const pre: Stat =
    s.kind === 'proportion'
      ? { type: 'proportion', n: s.n, sum: s.pre.sum }
      : { type: 'mean', n: s.n, sum: s.pre.sum, sumSquares: s.pre.sumSquares };
  return { type: 'adjusted', n: s.n, post, pre, productSum: s.pre.productSum, theta: null };
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const intervalOrNull = (ci: [number, number]): [number, number] | null =>
  Number.isFinite(ci[0]) && Number.isFinite(ci[1]) ? ci : null;

const EMPTY: TAbEffect = { estimate: null, ci: null, pValue: null, test: null, error: null };

interface Headline {
  effect: TAbEffect;
  chanceToWin: number | null;
  expectedLoss: number | null;
}

function errorEffect(test: string, error: string): Headline {
  return { effect: { ...EMPTY, test, error }, chanceToWin: null, expectedLoss: null };
}

/** One difference type of one treatment against control, by the chosen method. */
function gbEffect(
  a: Stat,
  b: Stat,
  difference: DifferenceType,
  method: TAnalyzeAbTestInput['method'],
  alpha: number,
  tuning: number,
  inverse: boolean,
): Headline {
  const moments = effectMoments(a, b, difference);
  const test =
    method === 'bayesian'
      ? `gbstats EffectBayesianABTest (${difference})`
      : method === 'sequential'
        ? `gbstats SequentialTwoSidedTTest (${difference}, tuning ${tuning})`
        : `gbstats TwoSidedTTest (${difference})`;
  if ('error' in moments) return errorEffect(test, moments.error);
  if (method === 'bayesian') {
    const r = effectBayesianTest(moments, alpha, inverse);
    return {
      effect: { estimate: r.estimate, ci: intervalOrNull(r.ci), pValue: null, test, error: null },
      chanceToWin: r.chanceToWin,
      expectedLoss: r.risk[1],
    };
  }
  const r =
    method === 'sequential'
      ? sequentialTwoSidedTTest(moments, alpha, tuning)
      : twoSidedTTest(moments, alpha);
  return {
    effect: {
      estimate: r.estimate,
      ci: intervalOrNull(r.ci),
      pValue: finiteOrNull(r.pValue),
      test,
      error: null,
    },
    chanceToWin: null,
    expectedLoss: null,
  };
}

/** The absolute effect of the fixed-horizon method: statsmodels' z for proportions, SciPy's Welch for means. */
function classicAbsolute(a: TMetricStats, b: TMetricStats, alpha: number): TAbEffect | null {
  if (a.kind === 'proportion' && b.kind === 'proportion') {
    if (a.n === 0 || b.n === 0)
      return { ...EMPTY, test: 'statsmodels proportions_ztest', error: 'NO_UNITS_IN_VARIATION' };
    const r = proportionsZTest(a.sum, a.n, b.sum, b.n, alpha);
    return {
      estimate: r.estimate,
      ci: intervalOrNull(r.ci),
      pValue: finiteOrNull(r.pValue),
      test: 'statsmodels proportions_ztest + confint_proportions_2indep (wald)',
      error: Number.isFinite(r.pValue) ? null : 'NAN_STATISTIC',
    };
  }
  if (a.kind === 'mean' && b.kind === 'mean') {
    const sa = toStat(a, false);
    const sb = toStat(b, false);
    const r = welchFromMoments(
      statUnadjustedMean(sa),
      statVariance(sa),
      a.n,
      statUnadjustedMean(sb),
      statVariance(sb),
      b.n,
      alpha,
    );
    return {
      estimate: a.n > 0 && b.n > 0 ? r.estimate : null,
      ci: intervalOrNull(r.ci),
      pValue: finiteOrNull(r.pValue),
      test: 'SciPy ttest_ind(equal_var=False)',
      error: Number.isFinite(r.pValue) ? null : 'NAN_STATISTIC',
    };
  }
  return null;
}

/**
 * Analyses an online A/B test from per-variant sufficient statistics: the sample-ratio mismatch
 * check, then for every metric and every treatment variant against the control (index 0) the
 * absolute and relative effect with an interval at 1 − α, and a decision.
 *
 * Methods (every number follows its reference on generated cases; see `__tests__/reference`):
 * - `frequentist`: relative lift by gbstats `TwoSidedTTest` (delta method, Welch dof); absolute
 *   difference by statsmodels `proportions_ztest` (pooled z; Wald interval) for proportions, SciPy
 *   `ttest_ind(equal_var=False)` for means, and gbstats `TwoSidedTTest` for ratio metrics and CUPED;
 * - `sequential`: gbstats `SequentialTwoSidedTTest` (asymptotic confidence sequences,
 *   Waudby-Smith et al.) with `sequentialTuning` (default 5000), valid at every daily look;
 * - `bayesian`: gbstats `EffectBayesianABTest` defaults (flat prior): chance to win, expected loss
 *   (gbstats' risk of choosing the variant, relative), credible interval.
 * - `cuped`: gbstats `RegressionAdjustedStatistic` (proportions, means) and
 *   `RegressionAdjustedRatioStatistic` (ratio metrics) with θ pooled over the pair, and the
 *   variance reduction 1 − se²(adjusted)/se²(unadjusted) of the absolute effect.
 * - ratio metrics: gbstats `RatioStatistic` (delta method).
 * - SRM: gbstats `check_srm`, flagged at p < 0.001; `correction`: statsmodels `multipletests`
 *   (`holm`, `fdr_bh`) over the primary metrics' relative p-values of all treatment variants.
 *
 * Where a reference gives NaN (statsmodels' z with no successes anywhere) or gbstats returns no
 * estimate (zero variance, a zero control mean), the numbers are null and `error` says why.
 *
 * Decision: blocked by an SRM or by a guardrail significantly worse in a variant; otherwise the
 * winner is the treatment significantly better on every primary metric (the largest relative lift
 * on the first primary metric among several), 0 when every treatment is significantly worse on a
 * primary metric, else null (keep collecting). "Significant" is p < α (after the correction, for
 * primary metrics) or, Bayesian, chance to win > 1 − α (worse: < α).
 *
 * @throws InvalidInputError for an input that breaks {@link ZAnalyzeAbTestInputSchema} (negative
 * n, sum > n for a proportion, weights not summing to 1 ± 1e-6, one statistic per variant…).
 */
export function analyzeAbTest(input: TAnalyzeAbTestInput): AbTestAnalysis {
  const parsed = parseWith(ZAnalyzeAbTestInputSchema, input);
  const { variants, method, cuped = false, correction = 'none' } = parsed;
  const alpha = parsed.alpha ?? DEFAULT_ALPHA;
  const tuning = parsed.sequentialTuning ?? DEFAULT_TUNING;
  const srm = sampleRatioMismatch(
    variants.map((v) => v.units),
    variants.map((v) => v.expectedWeight),
  );

  const metrics: TAbMetricResult[] = parsed.metrics.map((metric) => {
    const inverse = metric.inverse ?? false;
    const first = metric.stats[0] as TMetricStats;
    const cupedOn = cuped && first.pre !== undefined;
    const base = metric.stats.map((s) => toStat(s, false));
    const stats = cupedOn ? metric.stats.map((s) => toStat(s, true)) : base;
    const rows: TAbVariantResult[] = metric.stats.map((s, i) => {
      const row: TAbVariantResult = {
        variant: i,
        name: (variants[i] as { name: string }).name,
        units: s.n,
        mean: statUnadjustedMean(base[i] as Stat),
        absolute: EMPTY,
        relative: EMPTY,
        chanceToWin: null,
        expectedLoss: null,
        adjustedPValue: null,
        varianceReduction: null,
        significant: null,
      };
      if (i === 0) return row;
      const a = stats[0] as Stat;
      const b = stats[i] as Stat;
      const relative = gbEffect(a, b, 'relative', method, alpha, tuning, inverse);
      const absoluteGb = gbEffect(a, b, 'absolute', method, alpha, tuning, inverse);
      const classic =
        method === 'frequentist' && !cupedOn ? classicAbsolute(first, s, alpha) : null;
      row.absolute = classic ?? absoluteGb.effect;
      row.relative = relative.effect;
      const headline = relative.effect.error === null ? relative : absoluteGb;
      row.chanceToWin = headline.chanceToWin;
      row.expectedLoss = headline.expectedLoss;
      if (cupedOn) {
        const adjusted = effectMoments(a, b, 'absolute');
        const raw = effectMoments(base[0] as Stat, base[i] as Stat, 'absolute');
        if (!('error' in adjusted) && !('error' in raw))
          row.varianceReduction = 1 - adjusted.standardError ** 2 / raw.standardError ** 2;
      }
      return row;
    });
    return {
      name: metric.name,
      role: metric.role,
      inverse,
      kind: first.kind,
      cuped: cupedOn,
      variants: rows,
    };
  });

  // Multiple testing across the primary metrics (every treatment variant's relative p-value).
  if (correction !== 'none' && method !== 'bayesian') {
    const slots: TAbVariantResult[] = [];
    for (const m of metrics)
      if (m.role === 'primary')
        for (const v of m.variants.slice(1)) if (v.relative.pValue !== null) slots.push(v);
    const adjusted = adjustPValues(
      slots.map((v) => v.relative.pValue as number),
      correction,
    );
    slots.forEach((v, k) => {
      v.adjustedPValue = adjusted[k] as number;
    });
  }

  for (const m of metrics) {
    for (const v of m.variants.slice(1)) v.significant = significance(v, m, method, alpha);
  }

  return {
    method,
    alpha,
    srm,
    metrics,
    decision: decide(metrics, srm, variants.length, alpha),
    engine: AB_ENGINE,
  };
}

function significance(
  v: TAbVariantResult,
  m: TAbMetricResult,
  method: TAnalyzeAbTestInput['method'],
  alpha: number,
): 'better' | 'worse' | 'none' {
  if (method === 'bayesian') {
    if (v.chanceToWin === null) return 'none';
    if (v.chanceToWin > 1 - alpha) return 'better';
    if (v.chanceToWin < alpha) return 'worse';
    return 'none';
  }
  const effect = v.relative.error === null ? v.relative : v.absolute;
  const p = v.adjustedPValue ?? effect.pValue;
  if (p === null || effect.estimate === null || !(p < alpha) || effect.estimate === 0)
    return 'none';
  const up = effect.estimate > 0;
  return up !== m.inverse ? 'better' : 'worse';
}

function decide(
  metrics: TAbMetricResult[],
  srm: { pValue: number; flagged: boolean },
  k: number,
  alpha: number,
): AbTestAnalysis['decision'] {
  const reasons: string[] = [];
  let blocked = false;
  if (srm.flagged) {
    blocked = true;
    reasons.push(
      `sample-ratio mismatch: p = ${srm.pValue.toPrecision(3)} < 0.001; the split is not the designed one`,
    );
  }
  for (const m of metrics) {
    if (m.role !== 'guardrail') continue;
    for (const v of m.variants.slice(1)) {
      if (v.significant === 'worse') {
        blocked = true;
        reasons.push(
          `guardrail '${m.name}' is significantly worse in variant ${v.variant} (${v.name})`,
        );
      }
    }
  }
  if (blocked) return { blocked, reasons, winner: null };
  const primaries = metrics.filter((m) => m.role === 'primary');
  if (primaries.length === 0) {
    reasons.push('no primary metric: nothing to decide on');
    return { blocked, reasons, winner: null };
  }
  const winners: number[] = [];
  let allLose = true;
  for (let i = 1; i < k; i++) {
    const verdicts = primaries.map((m) => (m.variants[i] as TAbVariantResult).significant);
    if (verdicts.every((s) => s === 'better')) winners.push(i);
    if (!verdicts.includes('worse')) allLose = false;
  }
  if (winners.length > 0) {
    const first = primaries[0] as TAbMetricResult;
    const score = (i: number) => {
      const v = first.variants[i] as TAbVariantResult;
      const e = v.relative.estimate ?? v.absolute.estimate ?? 0;
      return first.inverse ? -e : e;
    };
    const winner = winners.reduce((best, i) => (score(i) > score(best) ? i : best));
    reasons.push(
      `variant ${winner} is significantly better than control on every primary metric at α = ${alpha}`,
    );
    return { blocked, reasons, winner };
  }
  if (allLose) {
    reasons.push(
      'every variant is significantly worse than control on a primary metric: keep control',
    );
    return { blocked, reasons, winner: 0 };
  }
  reasons.push('no variant is significantly better than control on every primary metric yet');
  return { blocked, reasons, winner: null };
}
