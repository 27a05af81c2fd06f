import { assertNonEmpty, assertSameLength } from '../../guards/index.js';
import { assertSameLabelKind, type Label } from '../../labels/index.js';

/**
 * The checks every `(yTrue, yPred)` classification metric starts with, in scikit-learn's order
 * (`check_consistent_length`, then `_check_targets`): same length, not empty, labels all numbers
 * (integers) or all strings across both arrays.
 */
export function checkLabelPair(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  predName = 'yPred',
): void {
  assertSameLength('yTrue', yTrue, predName, yPred, 'labels');
  assertNonEmpty('yTrue', yTrue);
  assertSameLabelKind({ yTrue, [predName]: yPred });
}
