import type { FlatTree } from '../learners/trees/flatTree.js';
import { treeDepth } from '../learners/trees/flatTree.js';

/** Where one tree's SHAP values go in a `rows × cols × stride` output, and with what weight. */
export interface TreeShapTarget {
  /** Values per (row, feature) in `out`: the model's number of outputs. */
  readonly stride: number;
  /** Output k of the tree is added at `offset + k` (a boosted multiclass tree writes its class). */
  readonly offset: number;
  /** Multiplies the tree's values (1 / trees for a forest's average, 1 for a boosted sum). */
  readonly scale: number;
}

/**
 * Exact SHAP values of one tree, path dependent: the polynomial-time Tree SHAP of Lundberg, Erion
 * & Lee (2018), "Consistent Individualized Feature Attribution for Tree Ensembles", Algorithm 2
 * (the same algorithm as shap's `TreeExplainer(model, feature_perturbation='tree_path_dependent')`).
 * The value function is the path-dependent conditional expectation: at a split on a feature
 * outside the coalition, both children are followed, weighted by their share of the node's
 * `cover`. O(leaves × depth²) per row.
 *
 * Adds `scale ×` the tree's SHAP values of each row of the row-major `x` into `out`
 * (`rows × cols × stride`: `out[(row·cols + feature)·stride + offset + k]`). They sum, with
 * {@link treeExpectedValue}, to the tree's prediction (local accuracy).
 */
export function addTreeShap(
  tree: FlatTree,
  x: Float64Array,
  rows: number,
  cols: number,
  out: Float64Array,
  target: TreeShapTarget,
): void {
  const depth = treeDepth(tree);
  // Each recursion level owns a copy of the path one longer than its parent's.
  const size = ((depth + 2) * (depth + 3)) / 2;
  const path: PathBuffer = {
    feature: new Int32Array(size),
    zero: new Float64Array(size),
    one: new Float64Array(size),
    weight: new Float64Array(size),
  };
  const phi = new Float64Array(cols * tree.outputs);
  for (let row = 0; row < rows; row++) {
    phi.fill(0);
    recurse(tree, x, row * cols, phi, path, 0, 0, 0, 1, 1, -1);
    const base = row * cols * target.stride + target.offset;
    for (let f = 0; f < cols; f++) {
      for (let k = 0; k < tree.outputs; k++) {
        const o = base + f * target.stride + k;
        out[o] = (out[o] as number) + target.scale * (phi[f * tree.outputs + k] as number);
      }
    }
  }
}

/** The tree's mean prediction over its training cover: SHAP's base value E[f(X)]. */
export function treeExpectedValue(tree: FlatTree): Float64Array {
  const out = new Float64Array(tree.outputs);
  const root = tree.cover[0] as number;
  for (let j = 0; j < tree.nodeCount; j++) {
    if ((tree.feature[j] as number) >= 0) continue;
    const w = (tree.cover[j] as number) / root;
    for (let k = 0; k < tree.outputs; k++)
      out[k] = (out[k] as number) + w * (tree.value[j * tree.outputs + k] as number);
  }
  return out;
}

interface PathBuffer {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
}

/**
 * RECURSE of Algorithm 2. The parent's path (length `depth`, plus the slot being extended) starts
 * at `parentStart`; this call copies it to `parentStart + depth + 1` and extends it by the feature
 * that led here with the fractions of the coalition without (`pz`) and with (`po`) that feature.
 */
function recurse(
  tree: FlatTree,
  x: Float64Array,
  rowBase: number,
  phi: Float64Array,
  p: PathBuffer,
  node: number,
  parentStart: number,
  depthIn: number,
  pz: number,
  po: number,
  pi: number,
): void {
  let depth = depthIn;
  const start = node === 0 ? 0 : parentStart + depth + 1;
  if (node !== 0) {
    p.feature.copyWithin(start, parentStart, parentStart + depth + 1);
    p.zero.copyWithin(start, parentStart, parentStart + depth + 1);
    p.one.copyWithin(start, parentStart, parentStart + depth + 1);
    p.weight.copyWithin(start, parentStart, parentStart + depth + 1);
  }
  extend(p, start, depth, pz, po, pi);

  const split = tree.feature[node] as number;
  if (split < 0) {
    const outputs = tree.outputs;
    const v = node * outputs;
    for (let i = 1; i <= depth; i++) {
      const e = start + i;
      const w = unwoundSum(p, start, depth, i);
      const scale = w * ((p.one[e] as number) - (p.zero[e] as number));
      const f = (p.feature[e] as number) * outputs;
      for (let k = 0; k < outputs; k++)
        phi[f + k] = (phi[f + k] as number) + scale * (tree.value[v + k] as number);
    }
    return;
  }

  const goLeft = (x[rowBase + split] as number) <= (tree.threshold[node] as number);
  const hot = goLeft ? (tree.left[node] as number) : (tree.right[node] as number);
  const cold = goLeft ? (tree.right[node] as number) : (tree.left[node] as number);
  const cover = tree.cover[node] as number;

  // A feature met again on the path: undo its earlier extension and carry its fractions on.
  let iz = 1;
  let io = 1;
  let k = 0;
  for (; k <= depth; k++) if (p.feature[start + k] === split) break;
  if (k !== depth + 1) {
    iz = p.zero[start + k] as number;
    io = p.one[start + k] as number;
    unwind(p, start, depth, k);
    depth -= 1;
  }
  recurse(
    tree,
    x,
    rowBase,
    phi,
    p,
    hot,
    start,
    depth + 1,
    (iz * (tree.cover[hot] as number)) / cover,
    io,
    split,
  );
  recurse(
    tree,
    x,
    rowBase,
    phi,
    p,
    cold,
    start,
    depth + 1,
    (iz * (tree.cover[cold] as number)) / cover,
    0,
    split,
  );
}

/** EXTEND: appends a feature to the path and updates the permutation weights of every subset size. */
function extend(p: PathBuffer, s: number, depth: number, pz: number, po: number, pi: number): void {
  p.feature[s + depth] = pi;
  p.zero[s + depth] = pz;
  p.one[s + depth] = po;
  p.weight[s + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    p.weight[s + i + 1] =
      (p.weight[s + i + 1] as number) + (po * (p.weight[s + i] as number) * (i + 1)) / (depth + 1);
    p.weight[s + i] = (pz * (p.weight[s + i] as number) * (depth - i)) / (depth + 1);
  }
}

/** UNWIND: removes element `index` from the path, inverting {@link extend}. */
function unwind(p: PathBuffer, s: number, depth: number, index: number): void {
  const one = p.one[s + index] as number;
  const zero = p.zero[s + index] as number;
  let next = p.weight[s + depth] as number;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const t = p.weight[s + i] as number;
      p.weight[s + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = t - ((p.weight[s + i] as number) * zero * (depth - i)) / (depth + 1);
    } else {
      p.weight[s + i] = ((p.weight[s + i] as number) * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[s + i] = p.feature[s + i + 1] as number;
    p.zero[s + i] = p.zero[s + i + 1] as number;
    p.one[s + i] = p.one[s + i + 1] as number;
  }
}

/** The total permutation weight the path would have with element `index` unwound, without unwinding it. */
function unwoundSum(p: PathBuffer, s: number, depth: number, index: number): number {
  const one = p.one[s + index] as number;
  const zero = p.zero[s + index] as number;
  let next = p.weight[s + depth] as number;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const t = (next * (depth + 1)) / ((i + 1) * one);
      total += t;
      next = (p.weight[s + i] as number) - (t * zero * (depth - i)) / (depth + 1);
    } else if (zero !== 0) {
      total += (p.weight[s + i] as number) / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}
