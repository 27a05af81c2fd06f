/**
 * Exact sums of doubles as Shewchuk expansions (the algorithm of Python's `math.fsum`): a sum is
 * kept as a list of non-overlapping partials, ordered by increasing magnitude, whose exact total
 * is the exact total of every number added. Adding two such sums is exact too, so merging shard
 * sums is associative and commutative (the value, not only up to rounding), and
 * {@link roundExpansion} rounds the exact total once, correctly.
 *
 * Plain number arrays, so that a sum travels as JSON. Inputs must be finite and the totals must
 * not overflow (|total| < 2^1023); regression values are checked finite before they get here.
 */
export type Expansion = number[];

/** Adds `x` to the expansion in place (Shewchuk's grow-expansion, as in Python's msum). */
export function addToExpansion(partials: Expansion, value: number): void {
  let x = value;
  let i = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j] as number;
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[i++] = lo;
    x = hi;
  }
  partials.length = i;
  partials.push(x);
}

/** A new expansion holding the exact sum of `a` and `b` (neither is changed). */
export function addExpansions(a: Expansion, b: Expansion): Expansion {
  const out = [...a];
  for (const x of b) addToExpansion(out, x);
  return out;
}

/** The exact total of the expansion rounded to the nearest double (ties to even), as `fsum`. */
export function roundExpansion(partials: Expansion): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n] as number;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n] as number;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  // half-way case: the partials below decide the direction of the rounding
  if (
    n > 0 &&
    ((lo < 0 && (partials[n - 1] as number) < 0) || (lo > 0 && (partials[n - 1] as number) > 0))
  ) {
    const y = lo * 2;
    const x = hi + y;
    const yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}

const SPLITTER = 134217729; // 2^27 + 1 (Dekker)

/** `a·b` as `hi + lo` exactly (Dekker's two-product without FMA). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  const err = ah * bh - p + ah * bl + al * bh + al * bl;
  return [p, err];
}

/** Adds the exact product `a·b` to the expansion. */
export function addProductToExpansion(partials: Expansion, a: number, b: number): void {
  const [p, e] = twoProduct(a, b);
  addToExpansion(partials, p);
  if (e !== 0) addToExpansion(partials, e);
}

/**
 * Σ(x − x̄)² of `n` values from the exact Σx (`sum`) and the exact Σx² (`sumSquares`, each x²
 * added with {@link addProductToExpansion}): n·Σx² − (Σx)² is formed exactly, rounded once and
 * divided by n, so the result is within about one ulp of the exact centered sum — no
 * cancellation, whatever the mean (the one-pass formula Σx² − (Σx)²/n in doubles loses every
 * digit when the spread is small next to the mean).
 */
export function centeredSumOfSquares(n: number, sum: Expansion, sumSquares: Expansion): number {
  if (n === 0) return 0;
  const acc: Expansion = [];
  for (const q of sumSquares) addProductToExpansion(acc, n, q);
  for (const s of sum) for (const t of sum) addProductToExpansion(acc, -s, t);
  return Math.max(0, roundExpansion(acc)) / n;
}
