import type { Label } from '../../labels/index.js';
import type { Matrix } from '../../linalg/index.js';

/** One node of a fitted CART tree (leaves have `feature = -1`). */
export interface TreeNode {
  id: number;
  depth: number;
  /** Split feature index, or −1 for a leaf. */
  feature: number;
  /** Rows with x[feature] ≤ threshold go left. */
  threshold: number;
  left: number;
  right: number;
  nSamples: number;
  /** Squared error (regression) or Gini impurity (classification) of the node's rows. */
  impurity: number;
  /** Mean (regression) or majority class (classification). */
  prediction: number | string;
  /** Class counts in `classes` order (classification only). */
  counts?: number[];
}

export interface TreeFit {
  task: 'regression' | 'classification';
  nodes: TreeNode[];
  classes?: Label[];
  /** Normalised total impurity decrease per feature (scikit-learn's `feature_importances_`). */
  featureImportances: number[];
}

export interface TreeOptions {
  /** @default 3 */
  maxDepth?: number;
  /** @default 1 */
  minSamplesLeaf?: number;
  /** @default 2 */
  minSamplesSplit?: number;
}

/**
 * A CART decision tree (Breiman et al. 1984) grown depth-first with best splits: squared error
 * for regression, Gini for classification; candidate thresholds are midpoints between
 * consecutive distinct values (x ≤ t goes left), a node is a leaf when it is pure, at
 * `maxDepth`, below `minSamplesSplit`, or when no split leaves `minSamplesLeaf` rows per side.
 * Among equally good splits the first feature wins (scikit-learn draws the order at random).
 * Thresholds are float64 midpoints; scikit-learn splits a float32 copy of X, so its thresholds
 * agree to float32 precision (≈ 1e-7 relative) and rows within that distance of one may differ.
 *
 * Reference: scikit-learn 1.2.1 `sklearn/tree/_splitter.pyx` (`BestSplitter`),
 * `_criterion.pyx` (`MSE`, `Gini`), `_tree.pyx` (`compute_feature_importances`).
 *
 * @param y - regression targets, or class indices into `classes` for classification.
 */
export function fitTree(
  x: Matrix,
  y: Float64Array | Int32Array,
  task: 'regression' | 'classification',
  classes: Label[] | undefined,
  options: TreeOptions = {},
): TreeFit {
  const { maxDepth = 3, minSamplesLeaf = 1, minSamplesSplit = 2 } = options;
  const { rows: n, cols: m, data } = x;
  const k = classes?.length ?? 0;
  const nodes: TreeNode[] = [];
  const decrease = new Float64Array(m);

  const summarize = (idx: Int32Array) => {
    if (task === 'regression') {
      let s = 0;
      let ss = 0;
      for (const i of idx) {
        const v = y[i] as number;
        s += v;
      }
      const mean = s / idx.length;
      for (const i of idx) ss += ((y[i] as number) - mean) ** 2;
      return { impurity: ss / idx.length, prediction: mean as number | string, counts: undefined };
    }
    const counts = new Array<number>(k).fill(0);
    for (const i of idx) counts[y[i] as number] = (counts[y[i] as number] as number) + 1;
    let g = 1;
    let best = 0;
    for (let c = 0; c < k; c++) {
      g -= ((counts[c] as number) / idx.length) ** 2;
      if ((counts[c] as number) > (counts[best] as number)) best = c;
    }
    return { impurity: g, prediction: classes?.[best] as number | string, counts };
  };

  const bestSplit = (idx: Int32Array) => {
    const nn = idx.length;
    let bestGain = 0;
    let bestFeature = -1;
    let bestThreshold = 0;
    const order = new Int32Array(nn);
    const vals = new Float64Array(nn);
    for (let f = 0; f < m; f++) {
      order.set(idx);
      order.sort((a, b) => (data[a * m + f] as number) - (data[b * m + f] as number));
      for (let t = 0; t < nn; t++) vals[t] = data[(order[t] as number) * m + f] as number;
      if (vals[0] === vals[nn - 1]) continue;
      if (task === 'regression') {
        let total = 0;
        for (const i of order) total += y[i] as number;
        let left = 0;
        for (let t = 0; t < nn - 1; t++) {
          left += y[order[t] as number] as number;
          const nl = t + 1;
          const nr = nn - nl;
          if ((vals[t] as number) === (vals[t + 1] as number)) continue;
          if (nl < minSamplesLeaf || nr < minSamplesLeaf) continue;
          const right = total - left;
          // maximising Σl²/nl + Σr²/nr minimises the children's squared error
          const proxy = (left * left) / nl + (right * right) / nr - (total * total) / nn;
          if (proxy > bestGain * (1 + 1e-12) + 1e-300) {
            bestGain = proxy;
            bestFeature = f;
            bestThreshold = midpoint(vals[t] as number, vals[t + 1] as number);
          }
        }
      } else {
        const total = new Float64Array(k);
        for (const i of order) total[y[i] as number] = (total[y[i] as number] as number) + 1;
        const left = new Float64Array(k);
        let parentSq = 0;
        for (let c = 0; c < k; c++) parentSq += (total[c] as number) ** 2;
        for (let t = 0; t < nn - 1; t++) {
          const c0 = y[order[t] as number] as number;
          left[c0] = (left[c0] as number) + 1;
          const nl = t + 1;
          const nr = nn - nl;
          if ((vals[t] as number) === (vals[t + 1] as number)) continue;
          if (nl < minSamplesLeaf || nr < minSamplesLeaf) continue;
          let sl = 0;
          let sr = 0;
          for (let c = 0; c < k; c++) {
            sl += (left[c] as number) ** 2;
            sr += ((total[c] as number) - (left[c] as number)) ** 2;
          }
          // n·Gini(parent) − nl·Gini(l) − nr·Gini(r) = Σl²/nl + Σr²/nr − Σp²/n
          const proxy = sl / nl + sr / nr - parentSq / nn;
          if (proxy > bestGain * (1 + 1e-12) + 1e-300) {
            bestGain = proxy;
            bestFeature = f;
            bestThreshold = midpoint(vals[t] as number, vals[t + 1] as number);
          }
        }
      }
    }
    return { feature: bestFeature, threshold: bestThreshold };
  };

  const grow = (idx: Int32Array, depth: number): number => {
    const { impurity, prediction, counts } = summarize(idx);
    const id = nodes.length;
    const node: TreeNode = {
      id,
      depth,
      feature: -1,
      threshold: 0,
      left: -1,
      right: -1,
      nSamples: idx.length,
      impurity,
      prediction,
      ...(counts === undefined ? {} : { counts }),
    };
    nodes.push(node);
    if (
      depth >= maxDepth ||
      idx.length < minSamplesSplit ||
      idx.length < 2 * minSamplesLeaf ||
      impurity <= 1e-15
    ) {
      return id;
    }
    const split = bestSplit(idx);
    if (split.feature < 0) return id;
    const l: number[] = [];
    const r: number[] = [];
    for (const i of idx)
      ((data[i * m + split.feature] as number) <= split.threshold ? l : r).push(i);
    node.feature = split.feature;
    node.threshold = split.threshold;
    node.left = grow(Int32Array.from(l), depth + 1);
    node.right = grow(Int32Array.from(r), depth + 1);
    const ln = nodes[node.left] as TreeNode;
    const rn = nodes[node.right] as TreeNode;
    decrease[split.feature] =
      (decrease[split.feature] as number) +
      node.nSamples * impurity -
      ln.nSamples * ln.impurity -
      rn.nSamples * rn.impurity;
    return id;
  };

  grow(
    Int32Array.from({ length: n }, (_, i) => i),
    0,
  );
  let total = 0;
  for (const d of decrease) total += d;
  const featureImportances = Array.from(decrease, (d) => (total > 0 ? d / total : 0));
  return { task, nodes, ...(classes === undefined ? {} : { classes }), featureImportances };
}

/** scikit-learn's threshold: the midpoint, or the lower value when the midpoint rounds up to the upper one. */
function midpoint(a: number, b: number): number {
  const t = a / 2 + b / 2;
  return t === b || !Number.isFinite(t) ? a : t;
}

/** The tree's prediction (mean or class) for every row. */
export function predictTree(x: Matrix, fit: TreeFit): (number | string)[] {
  const out: (number | string)[] = [];
  for (let i = 0; i < x.rows; i++) {
    let node = fit.nodes[0] as TreeNode;
    while (node.feature >= 0) {
      const v = x.data[i * x.cols + node.feature] as number;
      node = fit.nodes[v <= node.threshold ? node.left : node.right] as TreeNode;
    }
    out.push(node.prediction);
  }
  return out;
}

/** One readable rule per leaf: `x0 <= 0.5 and x2 > 1.3 → 3.2 (n=40)`. */
export function treeRules(fit: TreeFit, featureNames: readonly string[]): string[] {
  const rules: string[] = [];
  const walk = (id: number, conds: string[]) => {
    const node = fit.nodes[id] as TreeNode;
    if (node.feature < 0) {
      const head = conds.length === 0 ? 'always' : conds.join(' and ');
      const value =
        typeof node.prediction === 'number'
          ? formatNumber(node.prediction)
          : JSON.stringify(node.prediction);
      rules.push(`${head} → ${value} (n=${node.nSamples})`);
      return;
    }
    const name = featureNames[node.feature] ?? `x${node.feature}`;
    const t = formatNumber(node.threshold);
    walk(node.left, [...conds, `${name} <= ${t}`]);
    walk(node.right, [...conds, `${name} > ${t}`]);
  };
  walk(0, []);
  return rules;
}

function formatNumber(v: number): string {
  return Number.parseFloat(v.toPrecision(6)).toString();
}
