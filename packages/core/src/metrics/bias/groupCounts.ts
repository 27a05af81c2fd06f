import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertNonEmpty, assertSameLength } from '../../guards/index.js';
import {
  assertSameLabelKind,
  compareLabels,
  type Label,
  uniqueLabels,
} from '../../labels/index.js';
import { ZLabelSchema, ZLabelsSchema } from '../../schemas/index.js';

/** `{ yTrue, yPred, sensitive }`: binary outcomes and each sample's group. */
export const ZFairnessInputSchema = z.strictObject({
  yTrue: ZLabelsSchema,
  yPred: ZLabelsSchema,
  sensitive: ZLabelsSchema.meta({ description: 'Sensitive feature (group) of each sample.' }),
});

export const ZFairnessPosLabelSchema = ZLabelSchema.default(1).meta({
  description: 'The favourable (positive) outcome.',
});

/** Binary confusion counts of one group (or of everyone). */
export interface GroupCounts {
  group: Label;
  count: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/**
 * Checks fairness input (same lengths, not empty, binary labels: at most two distinct values in
 * yTrue ∪ yPred, as fairlearn requires) and counts tp/fp/tn/fn per group, groups sorted
 * (numbers numerically, strings by code point), plus the overall counts.
 */
export function groupCounts(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  sensitive: readonly Label[],
  posLabel: Label,
): { groups: GroupCounts[]; overall: GroupCounts } {
  assertSameLength('yTrue', yTrue, 'yPred', yPred, 'labels');
  assertSameLength('yTrue', yTrue, 'sensitive', sensitive, 'values');
  assertNonEmpty('yTrue', yTrue);
  assertSameLabelKind({ yTrue, yPred });
  const labels = uniqueLabels(yTrue, yPred);
  if (labels.length > 2) {
    const message = `yTrue and yPred hold ${labels.length} distinct labels; fairness metrics need binary outcomes`;
    throw new InvalidInputError(message, [{ path: ['yPred'], message }]);
  }
  const byGroup = new Map<Label, GroupCounts>();
  const overall: GroupCounts = { group: 'overall', count: 0, tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < yTrue.length; i++) {
    const g = sensitive[i] as Label;
    let counts = byGroup.get(g);
    if (counts === undefined) {
      counts = { group: g, count: 0, tp: 0, fp: 0, tn: 0, fn: 0 };
      byGroup.set(g, counts);
    }
    const actual = yTrue[i] === posLabel;
    const predicted = yPred[i] === posLabel;
    const key = actual ? (predicted ? 'tp' : 'fn') : predicted ? 'fp' : 'tn';
    for (const c of [counts, overall]) {
      c.count++;
      c[key]++;
    }
  }
  const groups = [...byGroup.values()].sort((a, b) => compareLabels(a.group, b.group));
  return { groups, overall };
}

/** P(ŷ = positive). */
export const selectionRate = (c: GroupCounts) => (c.tp + c.fp) / c.count;

/** tp / (tp + fn), `whenUndefined` without positives (fairlearn: 0, from normalize='true'). */
export const truePositiveRate = (c: GroupCounts, whenUndefined = 0) =>
  c.tp + c.fn === 0 ? whenUndefined : c.tp / (c.tp + c.fn);

/** fp / (fp + tn), 0 without negatives (fairlearn). */
export const falsePositiveRate = (c: GroupCounts) => (c.fp + c.tn === 0 ? 0 : c.fp / (c.fp + c.tn));

/** max − min of `values`. */
export function spread(values: readonly number[]): number {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min;
}
