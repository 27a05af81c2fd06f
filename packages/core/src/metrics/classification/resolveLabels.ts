import { InvalidInputError } from '../../errors/index.js';
import { assertSameLabelKind, type Label, uniqueLabels } from '../../labels/index.js';

/**
 * The label list of a confusion-matrix metric: the sorted union of yTrue and yPred, or the given
 * `labels` (in their order) after checking them as scikit-learn's `confusion_matrix` does: not
 * empty, of the labels' type, and at least one of them present in yTrue. Duplicates are refused.
 */
export function resolveLabels(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  labels: readonly Label[] | undefined,
): Label[] {
  if (labels === undefined) return uniqueLabels(yTrue, yPred);
  if (labels.length === 0) {
    const message = 'labels is empty; give at least one label or leave it out';
    throw new InvalidInputError(message, [{ path: ['labels'], message }]);
  }
  assertSameLabelKind({ yTrue, labels });
  const listed = new Set<Label>();
  labels.forEach((label, i) => {
    if (listed.has(label)) {
      const message = `labels[${i}] repeats ${JSON.stringify(label)}; each label may be listed once`;
      throw new InvalidInputError(message, [{ path: ['labels', i], message }]);
    }
    listed.add(label);
  });
  if (!yTrue.some((label) => listed.has(label))) {
    const message = `none of the given labels occurs in yTrue; labels are ${JSON.stringify(labels)}`;
    throw new InvalidInputError(message, [{ path: ['labels'], message }]);
  }
  return [...labels];
}
