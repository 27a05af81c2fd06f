import type { TFeatureRows } from '@assay/core';
import type { ReviewFeatures, ReviewItemInput, ReviewLabel, ReviewPolicy } from '@assay/registry';

/** A classifier's answer for some rows, as the predict path has it. */
export interface ClassifiedRows {
  kind: string;
  /** Per row: P(classes[1]) for a binary model, one probability per class otherwise. */
  outputs: number[][];
  predicted?: (number | string)[] | undefined;
  /** The model's feature names, in the order positional rows give them. */
  features: string[];
}

/**
 * How sure the model is of a row's decision: the largest class probability, or for a binary model
 * (one output, P(positive)) the score margin |p − (1 − p)| = |2p − 1|, which is 0 at the decision
 * boundary and 1 at certainty. `null` for anything else (a regression has no class to review).
 */
export function confidenceOf(kind: string, outputs: readonly number[]): number | null {
  if (kind === 'regression' || outputs.length === 0) return null;
  if (outputs.length === 1) {
    const p = outputs[0] as number;
    return Number.isFinite(p) ? Math.min(1, Math.abs(2 * p - 1)) : null;
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const p of outputs) if (p > max) max = p;
  return Number.isFinite(max) ? Math.min(1, Math.max(0, max)) : null;
}

/**
 * Where a prediction goes under the policy: below the threshold into the queue (a second review
 * with probability `doubleReviewFraction`), at or above it automated (also queued, as an audit,
 * with probability `auditFraction`). `random` is injectable for tests.
 */
export function routeOf(
  policy: Pick<ReviewPolicy, 'threshold' | 'doubleReviewFraction' | 'auditFraction'>,
  confidence: number,
  random: () => number = Math.random,
): Pick<ReviewItemInput, 'status' | 'reviewsNeeded' | 'audit'> {
  const below = confidence < policy.threshold;
  if (!below && !(policy.auditFraction > 0 && random() < policy.auditFraction)) {
    return { status: 'automated', reviewsNeeded: 0, audit: false };
  }
  const double = policy.doubleReviewFraction > 0 && random() < policy.doubleReviewFraction;
  return { status: 'pending', reviewsNeeded: double ? 2 : 1, audit: !below };
}

const isValue = (v: unknown): v is number | string =>
  (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= 256);

/** Each row's features by name, whichever of the three forms the caller sent. */
export function featuresOf(rows: TFeatureRows, names: readonly string[]): ReviewFeatures[] {
  const byName = (keys: readonly string[], values: readonly unknown[]): ReviewFeatures => {
    const out: ReviewFeatures = {};
    keys.forEach((k, j) => {
      const v = values[j];
      if (isValue(v)) out[k] = v;
    });
    return out;
  };
  if (!Array.isArray(rows)) return rows.data.map((r) => byName(rows.columns, r));
  return rows.map((r) =>
    Array.isArray(r)
      ? byName(names, r)
      : byName(Object.keys(r), Object.values(r as Record<string, unknown>)),
  );
}

/** The review items of one served prediction request (none for a regression). */
export function reviewItemsOf(
  policy: ReviewPolicy,
  served: {
    projectId: string;
    version: number;
    requestId: string;
    rows: TFeatureRows;
    result: ClassifiedRows;
  },
  random: () => number = Math.random,
): ReviewItemInput[] {
  const { result } = served;
  if (result.kind === 'regression' || result.predicted === undefined) return [];
  const features = featuresOf(served.rows, result.features);
  const out: ReviewItemInput[] = [];
  result.outputs.forEach((outputs, i) => {
    const confidence = confidenceOf(result.kind, outputs);
    const prediction = result.predicted?.[i] as ReviewLabel | undefined;
    if (confidence === null || prediction === undefined) return;
    out.push({
      projectId: served.projectId,
      modelId: policy.modelId,
      version: served.version,
      requestId: served.requestId,
      rowIndex: i,
      features: features[i] ?? {},
      prediction,
      confidence,
      ...routeOf(policy, confidence, random),
    });
  });
  return out;
}
