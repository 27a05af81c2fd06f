import { InvalidInputError } from '../errors/index.js';
import { sortedPercentile } from './sortedPercentile.js';

/** Equal-width bins and the number of values in each: `counts[i]` values lie in bin i. */
export interface Histogram {
  /** `k + 1` increasing edges; bin i is [edges[i], edges[i + 1]), the last bin closed. */
  edges: number[];
  counts: number[];
}

export interface HistogramOptions {
  /**
   * A number of equal-width bins, or `'auto'`: the smaller of the Freedman–Diaconis and Sturges
   * bin widths (Sturges alone when the interquartile range is 0). @default 'auto'
   */
  bins?: 'auto' | number;
  /** At most this many bins: a long-tailed sample can ask 'auto' for millions. @default 1000 */
  maxBins?: number;
}

/**
 * NumPy's `histogram(values, bins)`: equal-width bins from the smallest to the largest value (a
 * constant sample gets the range value ± 0.5), the edges spaced as `linspace` spaces them, and
 * each value counted in the bin whose edges hold it (the last bin includes its right edge).
 * `'auto'` bins as NumPy's `histogram_bin_edges(bins='auto')`; beyond `maxBins` bins, `maxBins`
 * (NumPy has no such cap).
 *
 * Reference: NumPy 1.24 `numpy.histogram` and `numpy.lib.histograms._hist_bin_auto`
 * (scripts/reference/histogram.py).
 *
 * @throws InvalidInputError when there is no value, a value is not finite, or `bins`/`maxBins` is
 * not a positive integer.
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  const n = values.length;
  if (n === 0) fail(['values'], 'values must hold at least one number');
  const maxBins = options.maxBins ?? 1000;
  const bins = options.bins ?? 'auto';
  if (!(Number.isInteger(maxBins) && maxBins >= 1))
    fail(['maxBins'], `maxBins is ${maxBins}; expected a positive integer`);
  if (bins !== 'auto' && !(Number.isInteger(bins) && bins >= 1))
    fail(['bins'], `bins is ${bins}; expected 'auto' or a positive integer`);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i += 1) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) fail(['values', i], `values[${i}] is ${v}; expected a finite number`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const ptp = max - min;
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  let k = bins === 'auto' ? autoBinCount(values, ptp, first, last) : bins;
  k = Math.min(k, maxBins);
  const edges = linspace(first, last, k + 1);
  const counts = new Array<number>(k).fill(0);
  const range = last - first;
  for (let i = 0; i < n; i += 1) {
    const v = values[i] as number;
    // The arithmetic guess, then corrected against the edges themselves (as NumPy does), so a
    // value on an edge lands in the bin that edge opens.
    let b = Math.floor(((v - first) / range) * k);
    if (b >= k) b = k - 1;
    if (b < 0) b = 0;
    if (v < (edges[b] as number)) b -= 1;
    else if (b !== k - 1 && v >= (edges[b + 1] as number)) b += 1;
    counts[b] = (counts[b] as number) + 1;
  }
  return { edges, counts };
}

/** NumPy's 'auto': min(Freedman–Diaconis, Sturges) bin width, Sturges when FD gives 0. */
function autoBinCount(values: ArrayLike<number>, ptp: number, first: number, last: number) {
  const n = values.length;
  const sturges = ptp / (Math.log2(n) + 1);
  const sorted = Float64Array.from(values).sort();
  const iqr = sortedPercentile(sorted, 75) - sortedPercentile(sorted, 25);
  const fd = 2 * iqr * n ** (-1 / 3);
  const width = fd > 0 ? Math.min(fd, sturges) : sturges;
  return width > 0 ? Math.ceil((last - first) / width) : 1;
}

/** NumPy's `linspace(start, stop, num)` (num ≥ 2): start + i·step, the last value exactly stop. */
function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  const out = Array.from({ length: num }, (_, i) => start + i * step);
  out[num - 1] = stop;
  return out;
}

function fail(path: (string | number)[], message: string): never {
  throw new InvalidInputError(message, [{ path, message }]);
}
