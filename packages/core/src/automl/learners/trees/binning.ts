import type { SeededRandom } from '../../../stats/random.js';

/** Per feature, the ascending bin edges: bin b holds the values `thresholds[b−1] < x ≤ thresholds[b]`. */
export interface BinEdges {
  readonly thresholds: readonly Float64Array[];
  /** `thresholds[f].length + 1` per feature (at most `maxBins`). */
  readonly nBins: Int32Array;
}

/** scikit-learn bins at most this many rows (a seeded subsample beyond). */
const SUBSAMPLE = 200_000;

/**
 * Bin edges as scikit-learn's `_BinMapper` finds them (sklearn/ensemble/_hist_gradient_boosting/
 * binning.py, `_find_binning_thresholds`): with at most `maxBins` distinct values, the midpoints
 * between consecutive ones; otherwise the `maxBins − 1` inner percentiles of the column
 * (`np.percentile(method='midpoint')` at `linspace(0, 100, maxBins + 1)[1:-1]`, NumPy 1.24's
 * virtual index and interpolation), on at most
 * 200,000 rows drawn without replacement.
 */
export function findBinEdges(
  x: Float64Array,
  rows: number,
  cols: number,
  maxBins: number,
  rng: SeededRandom,
): BinEdges {
  let sample: Int32Array | undefined;
  if (rows > SUBSAMPLE) {
    // Partial Fisher–Yates: the first SUBSAMPLE entries are a uniform draw without replacement.
    const all = new Int32Array(rows);
    for (let i = 0; i < rows; i++) all[i] = i;
    for (let i = 0; i < SUBSAMPLE; i++) {
      const j = i + rng.nextIndex(rows - i);
      const t = all[i] as number;
      all[i] = all[j] as number;
      all[j] = t;
    }
    sample = all.subarray(0, SUBSAMPLE);
  }
  const n = sample ? sample.length : rows;
  const col = new Float64Array(n);
  const thresholds: Float64Array[] = [];
  const nBins = new Int32Array(cols);
  for (let f = 0; f < cols; f++) {
    for (let k = 0; k < n; k++)
      col[k] = x[(sample ? (sample[k] as number) : k) * cols + f] as number;
    col.sort();
    let distinct = 1;
    for (let k = 1; k < n; k++) if (col[k] !== col[k - 1]) distinct++;
    let edges: Float64Array;
    if (distinct <= maxBins) {
      edges = new Float64Array(distinct - 1);
      let e = 0;
      for (let k = 1; k < n; k++) {
        if (col[k] !== col[k - 1]) edges[e++] = ((col[k - 1] as number) + (col[k] as number)) * 0.5;
      }
    } else {
      // NumPy's arithmetic, step by step, so that an index landing exactly on a row (where
      // 'midpoint' takes that row's value) is recognised exactly as NumPy does.
      edges = new Float64Array(maxBins - 1);
      const step = 100 / maxBins;
      for (let q = 1; q < maxBins; q++) {
        const quantile = (q * step) / 100;
        const v = (n - 1) * quantile;
        const virtual = 0.5 * (Math.floor(v) + Math.ceil(v));
        const prev = Math.min(n - 1, Math.floor(virtual));
        const next = Math.min(n - 1, prev + 1);
        const a = col[prev] as number;
        const b = col[next] as number;
        edges[q - 1] = virtual % 1 === 0 ? a : b - (b - a) * 0.5;
      }
    }
    thresholds.push(edges);
    nBins[f] = edges.length + 1;
  }
  return { thresholds, nBins };
}

/**
 * Each value's bin, column-major (`binned[f × rows + i]`): the first edge at or above the value
 * (binary search), so `bin ≤ b` exactly when `x ≤ thresholds[b]`, and a split found on bins is
 * the same split on raw values.
 */
export function applyBins(
  edges: BinEdges,
  x: Float64Array,
  rows: number,
  cols: number,
): Uint8Array {
  const binned = new Uint8Array(rows * cols);
  for (let f = 0; f < cols; f++) {
    const t = edges.thresholds[f] as Float64Array;
    const m = t.length;
    const base = f * rows;
    for (let i = 0; i < rows; i++) {
      const v = x[i * cols + f] as number;
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (v <= (t[mid] as number)) hi = mid;
        else lo = mid + 1;
      }
      binned[base + i] = lo;
    }
  }
  return binned;
}
