import {
  automationRisk,
  automationRiskCurve,
  categoryCoverage,
  chiSquareContingency,
  cohenKappaScore,
  demographicParityDifference,
  groupMetrics,
  ks2Sample,
  policyAgreement,
  populationStabilityIndex,
} from '@assay/core';
import type { ReviewPolicy, ReviewReportItem } from '@assay/registry';
import { z } from 'zod';

const num = z.number().nullable();

const ZCurveSchema = z.object({
  thresholds: z.array(z.number()).describe('Decreasing confidence thresholds (automate when ≥)'),
  rateOfAutomation: z
    .array(z.number())
    .describe('Share of all recorded predictions with confidence ≥ the threshold'),
  riskRate: z
    .array(z.number())
    .describe(
      'Wrong (corrected by the reviewer) among reviewed items with confidence ≥ the threshold',
    ),
  reviewed: z.array(z.number().int()).describe('Reviewed items with confidence ≥ the threshold'),
});

const ZSelectionCheckSchema = z.object({
  feature: z.string(),
  kind: z.enum(['numeric', 'categorical']),
  reviewed: z.number().int().describe('Queued items with a value of this feature'),
  automated: z.number().int().describe('Automated items with a value of this feature'),
  ks: z
    .object({ statistic: z.number(), pValue: z.number(), method: z.enum(['exact', 'asymp']) })
    .nullable()
    .describe('Two-sample Kolmogorov–Smirnov, queued vs automated (numeric features)'),
  psi: num.describe('Population stability index of queued against automated, deciles of automated'),
  chiSquare: z
    .object({ chi2: z.number(), pValue: z.number(), df: z.number().int() })
    .nullable()
    .describe(
      'Chi-square test of independence, queued/automated × category (categorical features)',
    ),
  note: z.string().nullable().describe('Why a test is missing (too few values, one category…)'),
});

export const ZReviewReportSchema = z
  .object({
    model: z.string(),
    threshold: num.describe('The policy’s threshold now'),
    targetRisk: num,
    counts: z.object({
      total: z.number().int(),
      automated: z.number().int(),
      queued: z.number().int(),
      reviewed: z.number().int(),
      doubleReviewed: z.number().int(),
      audited: z.number().int().describe('Automated-range items queued as the audit sample'),
    }),
    rateOfAutomation: num.describe('Automated among all recorded predictions'),
    atThreshold: z
      .object({ riskRate: num, automatedAccuracy: num, reviewedAbove: z.number().int() })
      .describe('Risk among reviewed items at or above the threshold (the audit sample)'),
    curve: ZCurveSchema.nullable().describe(
      'Automation–risk curve over reviewed items (null before any review)',
    ),
    targetThreshold: z
      .object({ threshold: z.number(), rateOfAutomation: z.number(), riskRate: z.number() })
      .nullable()
      .describe('The lowest threshold whose risk rate meets the target (most automation), if any'),
    humanPolicy: z
      .object({ n: z.number().int(), agreementRate: num, cohenKappa: num })
      .describe(
        'Agreement of the model’s decisions with the reviewers’ (the human optimal policy)',
      ),
    reviewerAgreement: z
      .object({ n: z.number().int(), agreementRate: num, cohenKappa: num })
      .describe('Agreement between first and second reviewers on double-reviewed items'),
    bias: z.object({
      selection: z.array(ZSelectionCheckSchema),
      latent: z
        .object({
          feature: z.string(),
          groups: z.array(
            z.object({
              group: z.string(),
              count: z.number().int(),
              reviewRate: z.number(),
              reviewed: z.number().int(),
              correctionRate: num,
            }),
          ),
          reviewRateDifference: z.number(),
          correctionRateDifference: num,
        })
        .nullable()
        .describe('Group disparities over the policy’s group feature (null without one)'),
      interaction: z
        .array(
          z.object({
            feature: z.string(),
            coverage: z.number(),
            unseenCategories: z.array(z.union([z.string(), z.number()])),
          }),
        )
        .describe(
          'Per categorical feature: the share of traffic whose category reviewers have seen',
        ),
    }),
  })
  .meta({ id: 'ReviewReport' });
export type ReviewReport = z.infer<typeof ZReviewReportSchema>;

const finite = (x: number) => (Number.isFinite(x) ? x : null);
/** Most features the selection checks cover (the first seen). */
const MAX_FEATURES = 50;

/**
 * The review report of a model: automation and risk (the core's `automationRisk` and
 * `automationRiskCurve` over reviewed items, correct = the first reviewer kept the model's
 * decision), the threshold meeting the target risk, agreement with the human policy
 * (`policyAgreement`) and between reviewers (`cohenKappaScore`), and the bias checks between
 * queued and automated items: selection (`ks2Sample` and `populationStabilityIndex` per numeric
 * feature, `chiSquareContingency` per categorical one), latent (`groupMetrics` and
 * `demographicParityDifference` of review and correction rates over the group feature) and
 * interaction (`categoryCoverage` of the traffic by the categories reviewers saw). Labels are
 * compared as text, so 1 and "1" are the same class.
 */
export function computeReviewReport(
  modelName: string,
  policy: ReviewPolicy | null,
  items: readonly ReviewItemReportInput[],
): ReviewReport {
  const reviewed = items.filter((i) => i.labels.length > 0);
  const correct = reviewed.map((i) => String(i.labels[0]) === String(i.prediction));
  const automated = items.filter((i) => i.automated).length;
  const threshold = policy?.threshold ?? null;
  const report: ReviewReport = {
    model: modelName,
    threshold,
    targetRisk: policy?.targetRisk ?? null,
    counts: {
      total: items.length,
      automated,
      queued: items.length - automated,
      reviewed: reviewed.length,
      doubleReviewed: reviewed.filter((i) => i.labels.length > 1).length,
      audited: items.filter((i) => i.audit).length,
    },
    rateOfAutomation: items.length === 0 ? null : automated / items.length,
    atThreshold: { riskRate: null, automatedAccuracy: null, reviewedAbove: 0 },
    curve: null,
    targetThreshold: null,
    humanPolicy: { n: reviewed.length, agreementRate: null, cohenKappa: null },
    reviewerAgreement: { n: 0, agreementRate: null, cohenKappa: null },
    bias: { selection: selectionChecks(items), latent: null, interaction: [] },
  };
  if (reviewed.length > 0) {
    if (threshold !== null) {
      const r = automationRisk(
        reviewed.map((item, k) => ({
          automated: item.confidence >= threshold,
          correct: correct[k] as boolean,
        })),
      );
      report.atThreshold = {
        riskRate: finite(r.riskRate),
        automatedAccuracy: finite(r.automatedAccuracy),
        reviewedAbove: r.automated,
      };
    }
    report.curve = curveOf(
      items,
      reviewed.map((i) => i.confidence),
      correct,
    );
    if (policy?.targetRisk != null)
      report.targetThreshold = targetOf(report.curve, policy.targetRisk);
    const human = policyAgreement(
      reviewed.map((i) => String(i.labels[0])),
      reviewed.map((i) => String(i.prediction)),
    );
    report.humanPolicy = {
      n: reviewed.length,
      agreementRate: finite(human.agreementRate),
      cohenKappa: finite(human.cohenKappa),
    };
    const pairs = reviewed.filter((i) => i.labels.length > 1);
    if (pairs.length > 0) {
      const first = pairs.map((i) => String(i.labels[0]));
      const second = pairs.map((i) => String(i.labels[1]));
      report.reviewerAgreement = {
        n: pairs.length,
        agreementRate: first.filter((l, k) => l === second[k]).length / pairs.length,
        cohenKappa: finite(cohenKappaScore(first, second)),
      };
    }
    report.bias.interaction = interactionChecks(items, reviewed);
  }
  if (policy?.groupFeature != null && items.length > 0) {
    report.bias.latent = latentCheck(items, policy.groupFeature);
  }
  return report;
}

/** What the report needs of an item (the registry's report rows). */
export type ReviewItemReportInput = ReviewReportItem;

function curveOf(
  items: readonly ReviewItemReportInput[],
  scores: number[],
  correct: boolean[],
): z.infer<typeof ZCurveSchema> {
  const c = automationRiskCurve(scores, correct);
  // The automation rate at each threshold is over every recorded prediction, not the reviewed
  // sample: all confidences, highest first, walked once as the thresholds decrease.
  const all = Float64Array.from(items, (i) => i.confidence)
    .sort()
    .reverse();
  const sortedReviewed = Float64Array.from(scores).sort().reverse();
  let k = 0;
  let r = 0;
  const rateOfAutomation: number[] = [];
  const reviewedAbove: number[] = [];
  for (const t of c.thresholds) {
    while (k < all.length && (all[k] as number) >= t) k += 1;
    while (r < sortedReviewed.length && (sortedReviewed[r] as number) >= t) r += 1;
    rateOfAutomation.push(k / all.length);
    reviewedAbove.push(r);
  }
  return {
    thresholds: c.thresholds,
    rateOfAutomation,
    riskRate: c.riskRate,
    reviewed: reviewedAbove,
  };
}

function targetOf(curve: z.infer<typeof ZCurveSchema>, target: number) {
  let best: { threshold: number; rateOfAutomation: number; riskRate: number } | null = null;
  curve.thresholds.forEach((threshold, k) => {
    const riskRate = curve.riskRate[k] as number;
    const rateOfAutomation = curve.rateOfAutomation[k] as number;
    if (riskRate <= target && (best === null || rateOfAutomation > best.rateOfAutomation)) {
      best = { threshold, rateOfAutomation, riskRate };
    }
  });
  return best;
}

function featureNames(items: readonly ReviewItemReportInput[]): string[] {
  const names = new Set<string>();
  for (const i of items) {
    for (const name of Object.keys(i.features)) {
      names.add(name);
      if (names.size >= MAX_FEATURES) return [...names];
    }
  }
  return [...names];
}

/** A feature is categorical when any of its values is a string. */
function isCategorical(items: readonly ReviewItemReportInput[], name: string): boolean {
  return items.some((i) => typeof i.features[name] === 'string');
}

function selectionChecks(items: readonly ReviewItemReportInput[]) {
  return featureNames(items).map((feature) => {
    const categorical = isCategorical(items, feature);
    const queued: (number | string)[] = [];
    const auto: (number | string)[] = [];
    for (const i of items) {
      const v = i.features[feature];
      if (v === undefined) continue;
      (i.automated ? auto : queued).push(categorical ? String(v) : v);
    }
    const base = {
      feature,
      kind: categorical ? ('categorical' as const) : ('numeric' as const),
      reviewed: queued.length,
      automated: auto.length,
      ks: null,
      psi: null,
      chiSquare: null,
      note: null,
    };
    if (queued.length === 0 || auto.length === 0) {
      return { ...base, note: 'needs values in both queued and automated items' };
    }
    if (categorical) {
      const categories = [...new Set([...queued, ...auto].map(String))].sort();
      if (categories.length < 2) return { ...base, note: 'one category only' };
      const count = (values: (number | string)[]) => {
        const m = new Map<string, number>();
        for (const v of values) m.set(String(v), (m.get(String(v)) ?? 0) + 1);
        return categories.map((c) => m.get(c) ?? 0);
      };
      const { chi2, pValue, df } = chiSquareContingency([count(queued), count(auto)]);
      return { ...base, chiSquare: { chi2, pValue, df } };
    }
    const a = queued as number[];
    const b = auto as number[];
    return { ...base, ks: ks2Sample(a, b), psi: psiOf(b, a) };
  });
}

/** PSI of `actual` against `expected` over the deciles of `expected` (and the pooled range). */
function psiOf(expected: number[], actual: number[]): number | null {
  const sorted = Float64Array.from(expected).sort();
  let lo = sorted[0] as number;
  let hi = sorted[sorted.length - 1] as number;
  for (const v of actual) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const edges = [lo];
  for (let q = 1; q < 10; q += 1) {
    const e = sorted[Math.floor((q * (sorted.length - 1)) / 10)] as number;
    if (e > (edges.at(-1) as number) && e < hi) edges.push(e);
  }
  if (hi > (edges.at(-1) as number)) edges.push(hi);
  if (edges.length < 2) return null;
  return populationStabilityIndex(expected, actual, { bins: edges }).psi;
}

function latentCheck(items: readonly ReviewItemReportInput[], feature: string) {
  const groupOf = (i: ReviewItemReportInput) => String(i.features[feature] ?? '(missing)');
  const groups = items.map(groupOf);
  const escalated = items.map((i) => (i.automated ? 0 : 1));
  const review = groupMetrics(escalated, escalated, groups);
  const reviewed = items.filter((i) => i.labels.length > 0);
  const corrected = reviewed.map((i) => (String(i.labels[0]) === String(i.prediction) ? 0 : 1));
  const correction =
    reviewed.length > 0 ? groupMetrics(corrected, corrected, reviewed.map(groupOf)) : null;
  const correctionBy = new Map(
    (correction?.groups ?? []).map((g) => [String(g.group), g] as const),
  );
  return {
    feature,
    groups: review.groups.map((g) => {
      const c = correctionBy.get(String(g.group));
      return {
        group: String(g.group),
        count: g.count,
        reviewRate: g.selectionRate,
        reviewed: c?.count ?? 0,
        correctionRate: c === undefined ? null : c.selectionRate,
      };
    }),
    reviewRateDifference: demographicParityDifference(escalated, escalated, groups),
    correctionRateDifference:
      reviewed.length > 0
        ? demographicParityDifference(corrected, corrected, reviewed.map(groupOf))
        : null,
  };
}

function interactionChecks(
  items: readonly ReviewItemReportInput[],
  reviewed: readonly ReviewItemReportInput[],
) {
  return featureNames(items)
    .filter((f) => isCategorical(items, f))
    .flatMap((feature) => {
      const seen = reviewed.filter((i) => i.features[feature] !== undefined);
      const all = items.filter((i) => i.features[feature] !== undefined);
      if (seen.length === 0 || all.length === 0) return [];
      const c = categoryCoverage(
        seen.map((i) => String(i.features[feature])),
        all.map((i) => String(i.features[feature])),
      );
      return [{ feature, coverage: c.coverage, unseenCategories: c.unseenCategories }];
    });
}
