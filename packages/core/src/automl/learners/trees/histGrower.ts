import type { SeededRandom } from '../../../stats/random.js';
import type { BinEdges } from './binning.js';
import { type FlatTree, TreeBuilder } from './flatTree.js';

/** scikit-learn's `min_hessian_to_split`: a child with less hessian than this is not made. */
const MIN_HESSIAN = 1e-3;
/** Histograms kept for subtraction are capped at this many bytes; beyond, both children are built. */
const HISTOGRAM_POOL_BYTES = 64 * 1024 * 1024;

export interface HistGrowerSettings {
  readonly maxLeafNodes: number;
  readonly minSamplesLeaf: number;
  readonly l2: number;
  readonly learningRate: number;
  /** Fraction of the features searched at each node (1: all). */
  readonly maxFeatures: number;
}

/**
 * Grows the regression trees of histogram-based gradient boosting on binned data, leaf-wise as
 * LightGBM (Ke et al. 2017) and scikit-learn's `HistGradientBoosting*` do
 * (sklearn/ensemble/_hist_gradient_boosting/grower.py, splitting.pyx, histogram.pyx):
 *
 * - per node and feature, a histogram of the gradient and hessian sums and the row count per bin;
 *   the smaller child's is built from its rows and the larger child's is the parent's minus it
 *   (histogram subtraction);
 * - the best split of a node maximises `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)` with both sides
 *   keeping `minSamplesLeaf` rows and `MIN_HESSIAN` hessian; the leaf with the largest gain is
 *   split next until `maxLeafNodes` leaves;
 * - a leaf's value is `−learningRate · G/(H+λ)` (Newton step, shrunk).
 *
 * Buffers (row order, histograms) are allocated once per fit and reused by every tree. Rows are
 * kept in a stable partition, so each node's rows are a contiguous, ascending slice.
 */
export class HistGrower {
  private readonly idx: Uint32Array;
  private readonly tmp: Uint32Array;
  private readonly offsets: Int32Array;
  private readonly histSize: number;
  private readonly pool: Float64Array[] = [];
  private readonly poolLimit: number;
  private readonly features: Int32Array;
  private readonly orderedGrad: Float64Array;
  private readonly orderedHess: Float64Array;

  constructor(
    private readonly binned: Uint8Array,
    private readonly rows: number,
    private readonly cols: number,
    private readonly edges: BinEdges,
    private readonly settings: HistGrowerSettings,
    private readonly rng: SeededRandom,
  ) {
    this.idx = new Uint32Array(rows);
    this.tmp = new Uint32Array(rows);
    this.offsets = new Int32Array(cols + 1);
    for (let f = 0; f < cols; f++)
      this.offsets[f + 1] = (this.offsets[f] as number) + 3 * (edges.nBins[f] as number);
    this.histSize = this.offsets[cols] as number;
    this.poolLimit = Math.max(2, Math.floor(HISTOGRAM_POOL_BYTES / (8 * this.histSize)));
    this.features = new Int32Array(cols);
    this.orderedGrad = new Float64Array(rows);
    this.orderedHess = new Float64Array(rows);
  }

  /**
   * One tree fitted to the gradients and hessians (length `rows`); adds its leaf values to
   * `raw[i × stride + offset]` for every training row and returns it as a flat tree (cover: rows).
   */
  grow(
    grad: Float64Array,
    hess: Float64Array,
    raw: Float64Array,
    stride: number,
    offset: number,
  ): FlatTree {
    const { rows, settings } = this;
    const maxLeaves = Math.max(2, settings.maxLeafNodes);
    const capacity = 2 * maxLeaves;
    const nodeStart = new Int32Array(capacity);
    const nodeEnd = new Int32Array(capacity);
    const nodeG = new Float64Array(capacity);
    const nodeH = new Float64Array(capacity);
    const hist: (Float64Array | undefined)[] = new Array(capacity);
    const split = new SplitTable(capacity);
    const builder = new TreeBuilder(1, capacity);

    const idx = this.idx;
    for (let i = 0; i < rows; i++) idx[i] = i;
    let G = 0;
    let H = 0;
    for (let i = 0; i < rows; i++) {
      G += grad[i] as number;
      H += hess[i] as number;
    }
    const root = builder.addNode(rows);
    nodeStart[root] = 0;
    nodeEnd[root] = rows;
    nodeG[root] = G;
    nodeH[root] = H;
    builder.setValue(root, 0, this.leafValue(G, H));
    hist[root] = this.take();
    this.buildHistogram(hist[root] as Float64Array, 0, rows, grad, hess);
    this.findSplit(root, hist[root] as Float64Array, G, H, rows, split);

    let leaves = 1;
    while (leaves < maxLeaves) {
      // The open leaf with the largest gain (a linear scan: at most a few hundred leaves).
      let best = -1;
      for (let j = 0; j < builder.size; j++) {
        if (
          split.open[j] === 1 &&
          (best < 0 || (split.gain[j] as number) > (split.gain[best] as number))
        )
          best = j;
      }
      if (best < 0) break;
      split.open[best] = 0;
      const f = split.feature[best] as number;
      const bin = split.bin[best] as number;
      const start = nodeStart[best] as number;
      const end = nodeEnd[best] as number;
      const mid = this.partition(start, end, f, bin);

      const left = builder.addNode(mid - start);
      const right = builder.addNode(end - mid);
      builder.setSplit(
        best,
        f,
        (this.edges.thresholds[f] as Float64Array)[bin] as number,
        left,
        right,
      );
      nodeStart[left] = start;
      nodeEnd[left] = mid;
      nodeStart[right] = mid;
      nodeEnd[right] = end;
      nodeG[left] = split.gLeft[best] as number;
      nodeH[left] = split.hLeft[best] as number;
      nodeG[right] = (nodeG[best] as number) - (nodeG[left] as number);
      nodeH[right] = (nodeH[best] as number) - (nodeH[left] as number);
      builder.setValue(left, 0, this.leafValue(nodeG[left] as number, nodeH[left] as number));
      builder.setValue(right, 0, this.leafValue(nodeG[right] as number, nodeH[right] as number));
      leaves++;

      const parentHist = hist[best];
      hist[best] = undefined;
      const canSplit = leaves < maxLeaves;
      const smallLeft = mid - start <= end - mid;
      const small = smallLeft ? left : right;
      const large = smallLeft ? right : left;
      const childSplittable = (j: number) =>
        canSplit &&
        (nodeEnd[j] as number) - (nodeStart[j] as number) >= 2 * settings.minSamplesLeaf;
      if (childSplittable(small) || childSplittable(large)) {
        const hs = this.take();
        this.buildHistogram(hs, nodeStart[small] as number, nodeEnd[small] as number, grad, hess);
        let hl: Float64Array;
        if (parentHist) {
          for (let k = 0; k < this.histSize; k++)
            parentHist[k] = (parentHist[k] as number) - (hs[k] as number);
          hl = parentHist;
        } else {
          hl = this.take();
          this.buildHistogram(hl, nodeStart[large] as number, nodeEnd[large] as number, grad, hess);
        }
        for (const [j, h] of [
          [small, hs],
          [large, hl],
        ] as const) {
          if (childSplittable(j)) {
            const count = (nodeEnd[j] as number) - (nodeStart[j] as number);
            this.findSplit(j, h, nodeG[j] as number, nodeH[j] as number, count, split);
          }
          if (split.open[j] === 1 && this.live <= this.poolLimit) hist[j] = h;
          else this.give(h);
        }
      } else if (parentHist) {
        this.give(parentHist);
      }
    }
    for (let j = 0; j < builder.size; j++) {
      const h = hist[j];
      if (h) this.give(h);
    }

    const tree = builder.finish();
    for (let j = 0; j < tree.nodeCount; j++) {
      if ((tree.feature[j] as number) >= 0) continue;
      const v = tree.value[j] as number;
      for (let k = nodeStart[j] as number; k < (nodeEnd[j] as number); k++) {
        const o = (idx[k] as number) * stride + offset;
        raw[o] = (raw[o] as number) + v;
      }
    }
    return tree;
  }

  private live = 0;

  private take(): Float64Array {
    this.live++;
    const h = this.pool.pop();
    if (h) {
      h.fill(0);
      return h;
    }
    return new Float64Array(this.histSize);
  }

  private give(h: Float64Array): void {
    this.live--;
    this.pool.push(h);
  }

  private leafValue(g: number, h: number): number {
    return (-this.settings.learningRate * g) / (h + this.settings.l2);
  }

  /**
   * Gradient, hessian and count per bin of every feature, over the rows `idx[start … end)`. The
   * node's gradients and hessians are first gathered in row order (LightGBM's "ordered
   * gradients"), so each feature's pass reads them sequentially; the sums are the same numbers
   * added in the same order.
   */
  private buildHistogram(
    out: Float64Array,
    start: number,
    end: number,
    grad: Float64Array,
    hess: Float64Array,
  ): void {
    const { binned, rows, cols, idx, offsets, orderedGrad, orderedHess } = this;
    const n = end - start;
    for (let k = 0; k < n; k++) {
      const i = idx[start + k] as number;
      orderedGrad[k] = grad[i] as number;
      orderedHess[k] = hess[i] as number;
    }
    for (let f = 0; f < cols; f++) {
      const col = f * rows;
      const base = offsets[f] as number;
      for (let k = 0; k < n; k++) {
        const o = base + 3 * (binned[col + (idx[start + k] as number)] as number);
        out[o] = (out[o] as number) + (orderedGrad[k] as number);
        out[o + 1] = (out[o + 1] as number) + (orderedHess[k] as number);
        out[o + 2] = (out[o + 2] as number) + 1;
      }
    }
  }

  /** The best split of node j (recorded in `split`, which marks the node open), if any has a positive gain. */
  private findSplit(
    j: number,
    h: Float64Array,
    G: number,
    H: number,
    count: number,
    split: SplitTable,
  ): void {
    const { cols, offsets, settings, features } = this;
    const l2 = settings.l2;
    const msl = settings.minSamplesLeaf;
    const parentScore = (G * G) / (H + l2);
    let bestGain = 0;
    let bestFeature = -1;
    let bestBin = -1;
    let bestGL = 0;
    let bestHL = 0;
    let nFeatures = cols;
    if (settings.maxFeatures < 1) {
      // A seeded draw of the node's features (partial Fisher–Yates), scikit-learn's max_features.
      nFeatures = Math.max(1, Math.floor(settings.maxFeatures * cols));
      for (let f = 0; f < cols; f++) features[f] = f;
      for (let k = 0; k < nFeatures; k++) {
        const r = k + this.rng.nextIndex(cols - k);
        const t = features[k] as number;
        features[k] = features[r] as number;
        features[r] = t;
      }
    }
    for (let q = 0; q < nFeatures; q++) {
      const f = nFeatures === cols ? q : (features[q] as number);
      const base = offsets[f] as number;
      const last = base + 3 * ((this.edges.nBins[f] as number) - 1);
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let o = base; o < last; o += 3) {
        gl += h[o] as number;
        hl += h[o + 1] as number;
        cl += h[o + 2] as number;
        if (cl < msl || hl < MIN_HESSIAN) continue;
        if (count - cl < msl) break;
        const hr = H - hl;
        if (hr < MIN_HESSIAN) break;
        const gr = G - gl;
        const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = f;
          bestBin = (o - base) / 3;
          bestGL = gl;
          bestHL = hl;
        }
      }
    }
    if (bestFeature >= 0) {
      split.open[j] = 1;
      split.gain[j] = bestGain;
      split.feature[j] = bestFeature;
      split.bin[j] = bestBin;
      split.gLeft[j] = bestGL;
      split.hLeft[j] = bestHL;
    }
  }

  /** Stable partition of `idx[start … end)` by `bin ≤ b` of feature f; returns where the right side starts. */
  private partition(start: number, end: number, f: number, b: number): number {
    const { idx, tmp, binned, rows } = this;
    const col = f * rows;
    let l = start;
    let r = 0;
    for (let k = start; k < end; k++) {
      const i = idx[k] as number;
      if ((binned[col + i] as number) <= b) idx[l++] = i;
      else tmp[r++] = i;
    }
    idx.set(tmp.subarray(0, r), l);
    return l;
  }
}

/** The best split found for each node, by node index. */
class SplitTable {
  readonly open: Uint8Array;
  readonly gain: Float64Array;
  readonly feature: Int32Array;
  readonly bin: Int32Array;
  readonly gLeft: Float64Array;
  readonly hLeft: Float64Array;

  constructor(capacity: number) {
    this.open = new Uint8Array(capacity);
    this.gain = new Float64Array(capacity);
    this.feature = new Int32Array(capacity);
    this.bin = new Int32Array(capacity);
    this.gLeft = new Float64Array(capacity);
    this.hLeft = new Float64Array(capacity);
  }
}
