import { InvalidInputError } from '../../errors/index.js';
import type { Label } from '../../labels/index.js';

/**
 * The positive class when the caller gives none, as scikit-learn 1.2.1's
 * `_check_pos_label_consistency`: numeric classes within {0, 1} or {−1, 1} → 1; anything else
 * must name `posLabel`. With `greaterIfNumeric` (scikit-learn's `brier_score_loss` fallback),
 * other numeric classes take the greater label instead of throwing.
 */
export function resolvePosLabel(
  classes: readonly Label[],
  posLabel: Label | undefined,
  greaterIfNumeric = false,
): Label {
  if (posLabel !== undefined) return posLabel;
  const numeric = classes.every((c) => typeof c === 'number');
  if (numeric && classes.every((c) => c === 0 || c === 1 || c === -1)) {
    if (!(classes.includes(0) && classes.includes(-1))) return 1;
  }
  if (numeric && greaterIfNumeric) return classes[classes.length - 1] as Label;
  const message = `yTrue takes the values ${JSON.stringify(classes)} and posLabel is not given; use labels {0, 1} or {-1, 1} or give posLabel`;
  throw new InvalidInputError(message, [{ path: ['posLabel'], message }]);
}
