import { RADIX_MIN_LENGTH, sortFloat64 } from './sortFloat64.js';

/** Sorts both groups ascending, sharing one scratch buffer (radix sort for large groups). */
function sortPair(positives: Float64Array, negatives: Float64Array): void {
  const larger = Math.max(positives.length, negatives.length);
  const scratch = larger >= RADIX_MIN_LENGTH ? new Float64Array(larger) : undefined;
  sortFloat64(positives, scratch);
  sortFloat64(negatives, scratch);
}

/** Cumulative counts at each distinct score threshold, from the highest score down. */
export interface BinaryClfCurve {
  /** False positives with score ≥ thresholds[i] (weighted). */
  fps: Float64Array;
  /** True positives with score ≥ thresholds[i] (weighted). */
  tps: Float64Array;
  /** The distinct scores, decreasing. */
  thresholds: Float64Array;
}

function fromSortedGroups(positives: Float64Array, negatives: Float64Array): BinaryClfCurve {
  // Both sorted ascending; walk them from the top, one threshold per distinct score.
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let i = positives.length - 1;
  let j = negatives.length - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    const top = Math.max(
      i >= 0 ? (positives[i] as number) : Number.NEGATIVE_INFINITY,
      j >= 0 ? (negatives[j] as number) : Number.NEGATIVE_INFINITY,
    );
    while (i >= 0 && positives[i] === top) {
      tp++;
      i--;
    }
    while (j >= 0 && negatives[j] === top) {
      fp++;
      j--;
    }
    fps.push(fp);
    tps.push(tp);
    thresholds.push(top);
  }
  return {
    fps: Float64Array.from(fps),
    tps: Float64Array.from(tps),
    thresholds: Float64Array.from(thresholds),
  };
}

/**
 * True and false positive counts per distinct threshold, as scikit-learn 1.2.1's
 * `_binary_clf_curve`: tied scores form one threshold; zero-weight samples are dropped first.
 * Unweighted input takes two typed-array sorts (positives, negatives; {@link sortFloat64}) and one merge;
 * weighted input sorts sample indices by score.
 *
 * @param isPositive - 1 for samples of the positive class, 0 otherwise.
 * @param scores - finite scores, higher = more likely positive.
 */
export function binaryClfCurve(
  isPositive: Uint8Array,
  scores: readonly number[],
  sampleWeight?: readonly number[],
): BinaryClfCurve {
  const n = scores.length;
  if (sampleWeight === undefined) {
    let nPos = 0;
    for (let i = 0; i < n; i++) nPos += isPositive[i] as number;
    const positives = new Float64Array(nPos);
    const negatives = new Float64Array(n - nPos);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (isPositive[i] === 1) positives[a++] = scores[i] as number;
      else negatives[b++] = scores[i] as number;
    }
    sortPair(positives, negatives);
    return fromSortedGroups(positives, negatives);
  }
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (sampleWeight[i] !== 0) kept.push(i);
  const order = Uint32Array.from(kept).sort(
    (x, y) => (scores[y] as number) - (scores[x] as number),
  );
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; ) {
    const top = scores[order[k] as number] as number;
    while (k < order.length && scores[order[k] as number] === top) {
      const idx = order[k] as number;
      const w = sampleWeight[idx] as number;
      if (isPositive[idx] === 1) tp += w;
      else fp += w;
      k++;
    }
    fps.push(fp);
    tps.push(tp);
    thresholds.push(top);
  }
  return {
    fps: Float64Array.from(fps),
    tps: Float64Array.from(tps),
    thresholds: Float64Array.from(thresholds),
  };
}

/**
 * Area under the ROC curve straight from the sorted scores, without materialising the curve:
 * Σ over distinct thresholds of Δfp·(tp + tp_prev)/2, divided by P·N — the trapezoidal rule that
 * scikit-learn's `auc(fpr, tpr)` applies (tied scores form one threshold, so ties count ½).
 * Unweighted input takes two typed-array sorts ({@link sortFloat64}). Returns NaN when a class is missing.
 */
export function binaryAucFromScores(
  isPositive: Uint8Array,
  scores: readonly number[],
  sampleWeight?: readonly number[],
): number {
  if (sampleWeight !== undefined) {
    const { fps, tps } = binaryClfCurve(isPositive, scores, sampleWeight);
    let area = 0;
    let prevFp = 0;
    let prevTp = 0;
    for (let i = 0; i < fps.length; i++) {
      const fp = fps[i] as number;
      const tp = tps[i] as number;
      area += ((fp - prevFp) * (tp + prevTp)) / 2;
      prevFp = fp;
      prevTp = tp;
    }
    return area / (prevFp * prevTp);
  }
  const n = scores.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += isPositive[i] as number;
  const positives = new Float64Array(nPos);
  const negatives = new Float64Array(n - nPos);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (isPositive[i] === 1) positives[a++] = scores[i] as number;
    else negatives[b++] = scores[i] as number;
  }
  sortPair(positives, negatives);
  let i = nPos - 1;
  let j = n - nPos - 1;
  let tp = 0;
  let fp = 0;
  let area = 0;
  while (i >= 0 || j >= 0) {
    const top = Math.max(
      i >= 0 ? (positives[i] as number) : Number.NEGATIVE_INFINITY,
      j >= 0 ? (negatives[j] as number) : Number.NEGATIVE_INFINITY,
    );
    const prevTp = tp;
    const prevFp = fp;
    while (i >= 0 && positives[i] === top) {
      tp++;
      i--;
    }
    while (j >= 0 && negatives[j] === top) {
      fp++;
      j--;
    }
    area += ((fp - prevFp) * (tp + prevTp)) / 2;
  }
  return area / (fp * tp);
}
