import type { SeededRandom } from '../../../stats/random.js';
import { type FlatTree, TreeBuilder } from './flatTree.js';

/** scikit-learn's `FEATURE_THRESHOLD`: values closer than this are one value for splitting. */
const FEATURE_THRESHOLD = 1e-7;
/** scikit-learn's `EPSILON` (`np.finfo('double').eps`): a node this pure is a leaf. */
const EPSILON = 2.220446049250313e-16;

/** The columns of a training matrix, each presorted once (shared by every tree of a forest). */
export interface PresortedColumns {
  readonly rows: number;
  readonly cols: number;
  /** Column-major copy of x: `xc[f * rows + i]`. */
  readonly xc: Float64Array;
  /** `order[f * rows + k]`: the row with the k-th smallest value of feature f. */
  readonly order: Int32Array;
}

/** Transposes row-major `x` and sorts each column's row indices by value. */
export function presortColumns(x: Float64Array, rows: number, cols: number): PresortedColumns {
  const xc = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < cols; f++) xc[f * rows + i] = x[i * cols + f] as number;
  }
  const order = new Int32Array(rows * cols);
  const idx = new Int32Array(rows);
  for (let f = 0; f < cols; f++) {
    const base = f * rows;
    for (let i = 0; i < rows; i++) idx[i] = i;
    idx.sort((a, b) => (xc[base + a] as number) - (xc[base + b] as number) || a - b);
    order.set(idx, base);
  }
  return { rows, cols, xc, order };
}

export interface CartSettings {
  /** `classification` targets are class indices `0 … nClasses − 1`. */
  readonly classification: boolean;
  readonly nClasses: number;
  /** Infinity for no limit. */
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly minSamplesSplit: number;
  /** Features drawn at each split (1 … cols). */
  readonly maxFeatures: number;
}

/**
 * Grows one CART tree as scikit-learn's `DecisionTreeClassifier` / `DecisionTreeRegressor` with the
 * `best` splitter (Breiman et al. 1984; sklearn/tree/_splitter.pyx, _criterion.pyx, _tree.pyx):
 * Gini impurity or squared error, depth first with the left child first (so node indices are
 * scikit-learn's), at each node the best threshold over `maxFeatures` features visited in a random
 * order (constant features do not count), thresholds at the midpoint of two consecutive distinct
 * values, a split only where both sides keep `minSamplesLeaf` rows. Rows of weight 0 take no part
 * (a forest's bootstrap passes its draw counts as weights, as scikit-learn does).
 *
 * Node values are class probabilities (classification) or the weighted mean (regression); `cover`
 * is the weighted rows of the node (`weighted_n_node_samples`).
 *
 * Fast path: the columns are presorted once and each node's sorted segments are split stably,
 * so a level costs O(rows × cols) instead of a sort per node and feature.
 */
export function buildCart(
  data: PresortedColumns,
  y: Float64Array,
  weight: Float64Array,
  settings: CartSettings,
  rng: SeededRandom,
): FlatTree {
  const { rows, cols, xc } = data;
  const { classification, maxDepth, minSamplesLeaf, minSamplesSplit } = settings;
  const nClasses = classification ? settings.nClasses : 0;
  const outputs = classification ? nClasses : 1;
  const maxFeatures = Math.max(1, Math.min(cols, settings.maxFeatures));

  // The rows that take part, per feature in sorted order.
  let n = 0;
  for (let i = 0; i < rows; i++) if ((weight[i] as number) > 0) n++;
  const sorted = new Int32Array(n * cols);
  for (let f = 0; f < cols; f++) {
    let k = f * n;
    const base = f * rows;
    for (let r = 0; r < rows; r++) {
      const i = data.order[base + r] as number;
      if ((weight[i] as number) > 0) sorted[k++] = i;
    }
  }

  const builder = new TreeBuilder(outputs, 64);
  const goesLeft = new Uint8Array(rows);
  const tmp = new Int32Array(n);
  const features = new Int32Array(cols);
  for (let f = 0; f < cols; f++) features[f] = f;
  const totalClass = new Float64Array(Math.max(1, nClasses));
  const leftClass = new Float64Array(Math.max(1, nClasses));

  // Explicit stack of [start, end, depth, parent, isLeft]; right pushed first so left is built first.
  const stack: number[] = [0, n, 0, -1, 0];
  while (stack.length > 0) {
    const isLeft = stack.pop() as number;
    const parent = stack.pop() as number;
    const depth = stack.pop() as number;
    const end = stack.pop() as number;
    const start = stack.pop() as number;
    const count = end - start;

    // Node statistics over the rows of the segment (feature 0's order holds the same set).
    let wTotal = 0;
    let sum = 0;
    let sqSum = 0;
    if (classification) totalClass.fill(0);
    for (let k = start; k < end; k++) {
      const i = sorted[k] as number;
      const w = weight[i] as number;
      wTotal += w;
      const yi = y[i] as number;
      if (classification) totalClass[yi] = (totalClass[yi] as number) + w;
      else {
        sum += w * yi;
        sqSum += w * yi * yi;
      }
    }
    let impurity: number;
    if (classification) {
      let sq = 0;
      for (let c = 0; c < nClasses; c++)
        sq += (totalClass[c] as number) * (totalClass[c] as number);
      impurity = 1 - sq / (wTotal * wTotal);
    } else {
      const mean = sum / wTotal;
      impurity = sqSum / wTotal - mean * mean;
    }

    const id = builder.addNode(wTotal);
    if (classification)
      for (let c = 0; c < nClasses; c++)
        builder.setValue(id, c, (totalClass[c] as number) / wTotal);
    else builder.setValue(id, 0, sum / wTotal);
    if (parent >= 0) {
      if (isLeft === 1) builder.setLeft(parent, id);
      else builder.setRight(parent, id);
    }

    if (
      depth >= maxDepth ||
      count < minSamplesSplit ||
      count < 2 * minSamplesLeaf ||
      impurity <= EPSILON
    ) {
      continue;
    }

    // Best split: features in a random order (Fisher–Yates drawn on the fly, as scikit-learn
    // draws them), constants skipped without counting, until maxFeatures were searched.
    let bestProxy = Number.NEGATIVE_INFINITY;
    let bestFeature = -1;
    let bestPos = -1;
    let bestThreshold = 0;
    let visited = 0;
    for (let remaining = cols; remaining > 0 && visited < maxFeatures; remaining--) {
      const pick = rng.nextIndex(remaining);
      const f = features[pick] as number;
      features[pick] = features[remaining - 1] as number;
      features[remaining - 1] = f;

      const seg = f * n;
      const xf = f * rows;
      const first = xc[xf + (sorted[seg + start] as number)] as number;
      const last = xc[xf + (sorted[seg + end - 1] as number)] as number;
      if (last <= first + FEATURE_THRESHOLD) continue;
      visited++;

      let wLeft = 0;
      let sumLeft = 0;
      if (classification) leftClass.fill(0);
      for (let p = start; p < end - 1; p++) {
        const i = sorted[seg + p] as number;
        const w = weight[i] as number;
        wLeft += w;
        if (classification) leftClass[y[i] as number] = (leftClass[y[i] as number] as number) + w;
        else sumLeft += w * (y[i] as number);
        const xv = xc[xf + i] as number;
        const xNext = xc[xf + (sorted[seg + p + 1] as number)] as number;
        if (xNext <= xv + FEATURE_THRESHOLD) continue;
        const pos = p + 1;
        if (pos - start < minSamplesLeaf || end - pos < minSamplesLeaf) continue;
        const wRight = wTotal - wLeft;
        let proxy: number;
        if (classification) {
          let sqL = 0;
          let sqR = 0;
          for (let c = 0; c < nClasses; c++) {
            const l = leftClass[c] as number;
            const r = (totalClass[c] as number) - l;
            sqL += l * l;
            sqR += r * r;
          }
          // scikit-learn's Gini proxy: −w_R·gini_R − w_L·gini_L.
          proxy = -wRight * (1 - sqR / (wRight * wRight)) - wLeft * (1 - sqL / (wLeft * wLeft));
        } else {
          const sumRight = sum - sumLeft;
          proxy = (sumLeft * sumLeft) / wLeft + (sumRight * sumRight) / wRight;
        }
        if (proxy > bestProxy) {
          bestProxy = proxy;
          bestFeature = f;
          bestPos = pos;
          let t = xv / 2 + xNext / 2;
          if (t === xNext || !Number.isFinite(t)) t = xv;
          bestThreshold = t;
        }
      }
    }
    if (bestFeature < 0) continue;

    // Split every feature's segment stably by the side of the chosen feature.
    const bseg = bestFeature * n;
    for (let k = start; k < end; k++) goesLeft[sorted[bseg + k] as number] = k < bestPos ? 1 : 0;
    for (let f = 0; f < cols; f++) {
      if (f === bestFeature) continue;
      const seg = f * n;
      let l = start;
      let r = 0;
      for (let k = start; k < end; k++) {
        const i = sorted[seg + k] as number;
        if (goesLeft[i] === 1) sorted[seg + l++] = i;
        else tmp[r++] = i;
      }
      sorted.set(tmp.subarray(0, r), seg + l);
    }
    builder.setSplit(id, bestFeature, bestThreshold, -1, -1);
    stack.push(bestPos, end, depth + 1, id, 0);
    stack.push(start, bestPos, depth + 1, id, 1);
  }
  return builder.finish();
}
