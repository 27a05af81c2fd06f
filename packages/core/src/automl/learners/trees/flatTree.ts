import { InvalidInputError } from '../../../errors/index.js';

/**
 * A binary decision tree as parallel typed arrays, the layout of scikit-learn's `tree_` object
 * (`feature`, `threshold`, `children_left`, `children_right`, `value`, `weighted_n_node_samples`):
 * one index per node, the root at 0. Rows with `x[feature] <= threshold` go left. A leaf has
 * `left = right = feature = −1`. Prediction, Tree SHAP and serialization all read this one form.
 */
export interface FlatTree {
  readonly nodeCount: number;
  /** Values per node: class probabilities (classification trees), 1 otherwise. */
  readonly outputs: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** `nodeCount × outputs`, row-major: the node's prediction (at internal nodes too). */
  readonly value: Float64Array;
  /** Training weight (or, for boosted trees, training rows) that reached the node: Tree SHAP's `r_j`. */
  readonly cover: Float64Array;
}

/** The JSON form of a {@link FlatTree}: plain number arrays, which JSON round-trips exactly. */
export interface SerializedFlatTree {
  readonly outputs: number;
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  readonly value: number[];
  readonly cover: number[];
}

/** Grows a {@link FlatTree} node by node (capacity doubles), then {@link TreeBuilder.finish}es it. */
export class TreeBuilder {
  private count = 0;
  private capacity: number;
  private feature: Int32Array;
  private threshold: Float64Array;
  private left: Int32Array;
  private right: Int32Array;
  private value: Float64Array;
  private cover: Float64Array;

  constructor(
    readonly outputs: number,
    initialCapacity = 64,
  ) {
    this.capacity = Math.max(1, initialCapacity);
    this.feature = new Int32Array(this.capacity);
    this.threshold = new Float64Array(this.capacity);
    this.left = new Int32Array(this.capacity);
    this.right = new Int32Array(this.capacity);
    this.value = new Float64Array(this.capacity * outputs);
    this.cover = new Float64Array(this.capacity);
  }

  /** Nodes added so far. */
  get size(): number {
    return this.count;
  }

  /** Adds a leaf (it becomes a split with {@link TreeBuilder.setSplit}); returns its index. */
  addNode(cover: number): number {
    if (this.count === this.capacity) this.grow();
    const id = this.count++;
    this.feature[id] = -1;
    this.threshold[id] = -2;
    this.left[id] = -1;
    this.right[id] = -1;
    this.cover[id] = cover;
    return id;
  }

  setValue(id: number, k: number, v: number): void {
    this.value[id * this.outputs + k] = v;
  }

  setSplit(id: number, feature: number, threshold: number, left: number, right: number): void {
    this.feature[id] = feature;
    this.threshold[id] = threshold;
    this.left[id] = left;
    this.right[id] = right;
  }

  setLeft(id: number, child: number): void {
    this.left[id] = child;
  }

  setRight(id: number, child: number): void {
    this.right[id] = child;
  }

  finish(): FlatTree {
    const n = this.count;
    return {
      nodeCount: n,
      outputs: this.outputs,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      value: this.value.slice(0, n * this.outputs),
      cover: this.cover.slice(0, n),
    };
  }

  private grow(): void {
    const c = this.capacity * 2;
    const f = new Int32Array(c);
    f.set(this.feature);
    this.feature = f;
    const t = new Float64Array(c);
    t.set(this.threshold);
    this.threshold = t;
    const l = new Int32Array(c);
    l.set(this.left);
    this.left = l;
    const r = new Int32Array(c);
    r.set(this.right);
    this.right = r;
    const v = new Float64Array(c * this.outputs);
    v.set(this.value);
    this.value = v;
    const w = new Float64Array(c);
    w.set(this.cover);
    this.cover = w;
    this.capacity = c;
  }
}

/** The leaf that row `row` of the row-major `x` (`cols` features) reaches. */
export function leafIndex(tree: FlatTree, x: Float64Array, row: number, cols: number): number {
  const { feature, threshold, left, right } = tree;
  const base = row * cols;
  let node = 0;
  let f = feature[0] as number;
  while (f >= 0) {
    node =
      (x[base + f] as number) <= (threshold[node] as number)
        ? (left[node] as number)
        : (right[node] as number);
    f = feature[node] as number;
  }
  return node;
}

/**
 * Adds `scale ×` the tree's leaf values for each row to `out`, whose row stride is `stride`: output
 * k of the tree goes to `out[row * stride + offset + k]`.
 */
export function addTreePredictions(
  tree: FlatTree,
  x: Float64Array,
  rows: number,
  cols: number,
  out: Float64Array,
  stride: number,
  offset: number,
  scale: number,
): void {
  const { outputs, value } = tree;
  for (let i = 0; i < rows; i++) {
    const leaf = leafIndex(tree, x, i, cols) * outputs;
    const o = i * stride + offset;
    for (let k = 0; k < outputs; k++)
      out[o + k] = (out[o + k] as number) + scale * (value[leaf + k] as number);
  }
}

/** The tree's greatest depth (edges from the root to its deepest leaf). */
export function treeDepth(tree: FlatTree): number {
  const depth = new Int32Array(tree.nodeCount);
  let max = 0;
  // Children always have larger indices than their parent in every builder here, so one pass works.
  for (let j = 0; j < tree.nodeCount; j++) {
    const d = depth[j] as number;
    if (d > max) max = d;
    const l = tree.left[j] as number;
    if (l >= 0) {
      depth[l] = d + 1;
      depth[tree.right[j] as number] = d + 1;
    }
  }
  return max;
}

export function serializeFlatTree(tree: FlatTree): SerializedFlatTree {
  return {
    outputs: tree.outputs,
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    value: Array.from(tree.value),
    cover: Array.from(tree.cover),
  };
}

/**
 * Revives a serialized tree, checking that it is one: equal lengths, children after their parent
 * (so walks terminate), features within `cols`.
 */
export function reviveFlatTree(json: unknown, cols: number): FlatTree {
  const t = json as Partial<SerializedFlatTree> | null;
  if (t === null || typeof t !== 'object') throw new InvalidInputError('a tree must be an object');
  const outputs = t.outputs;
  if (!Number.isInteger(outputs) || (outputs as number) < 1) {
    throw new InvalidInputError('a tree needs an integer outputs ≥ 1');
  }
  const arrays = ['feature', 'threshold', 'left', 'right', 'value', 'cover'] as const;
  for (const name of arrays) {
    const a = t[name];
    if (!Array.isArray(a) || a.some((v) => typeof v !== 'number')) {
      throw new InvalidInputError(`a tree's ${name} must be an array of numbers`);
    }
  }
  const n = (t.feature as number[]).length;
  if (n === 0) throw new InvalidInputError('a tree needs at least one node');
  for (const name of ['threshold', 'left', 'right', 'cover'] as const) {
    if ((t[name] as number[]).length !== n) {
      throw new InvalidInputError(
        `a tree's ${name} has ${(t[name] as number[]).length} entries but feature has ${n}`,
      );
    }
  }
  if ((t.value as number[]).length !== n * (outputs as number)) {
    throw new InvalidInputError(
      `a tree's value must have nodes × outputs = ${n * (outputs as number)} entries`,
    );
  }
  const tree: FlatTree = {
    nodeCount: n,
    outputs: outputs as number,
    feature: Int32Array.from(t.feature as number[]),
    threshold: Float64Array.from(t.threshold as number[]),
    left: Int32Array.from(t.left as number[]),
    right: Int32Array.from(t.right as number[]),
    value: Float64Array.from(t.value as number[]),
    cover: Float64Array.from(t.cover as number[]),
  };
  for (let j = 0; j < n; j++) {
    const f = tree.feature[j] as number;
    const l = tree.left[j] as number;
    const r = tree.right[j] as number;
    if (f < 0) {
      if (l !== -1 || r !== -1)
        throw new InvalidInputError(`tree node ${j} is a leaf but has children`);
    } else if (f >= cols || l <= j || r <= j || l >= n || r >= n) {
      throw new InvalidInputError(
        `tree node ${j} has feature ${f} or children ${l}, ${r} out of range`,
      );
    }
  }
  return tree;
}
