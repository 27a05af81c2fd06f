import { InvalidInputError } from '../errors/index.js';

/**
 * Minimum-residual solution of `A x ≈ b` (A is `m × n`, row-major, m ≥ n) by Householder QR with
 * column pivoting; a rank-deficient A gets the basic solution (free variables 0), as LAPACK's
 * `xGELSY` does with rcond. Accurate to a few ulps of the conditioning, unlike the normal
 * equations, which square it.
 *
 * Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §5.4.1 (QR with column pivoting).
 */
export function leastSquares(
  a: Float64Array,
  m: number,
  n: number,
  b: Float64Array,
  rcond = 1e-12,
): Float64Array {
  if (m < n) throw new InvalidInputError(`least squares needs at least ${n} rows, got ${m}`);
  const q = Float64Array.from(a);
  const y = Float64Array.from(b);
  const perm = Int32Array.from({ length: n }, (_, j) => j);
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += (q[i * n + j] as number) ** 2;
    norms[j] = s;
  }
  const diag = new Float64Array(n);
  let rank = n;
  for (let k = 0; k < n; k++) {
    // pivot: the remaining column of largest norm (recomputed exactly, n is small here)
    let best = k;
    let bestNorm = -1;
    for (let j = k; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += (q[i * n + j] as number) ** 2;
      norms[j] = s;
      if (s > bestNorm) {
        bestNorm = s;
        best = j;
      }
    }
    if (best !== k) {
      for (let i = 0; i < m; i++) {
        const t = q[i * n + k] as number;
        q[i * n + k] = q[i * n + best] as number;
        q[i * n + best] = t;
      }
      const t = perm[k] as number;
      perm[k] = perm[best] as number;
      perm[best] = t;
    }
    const alphaNorm = Math.sqrt(bestNorm);
    if (k > 0 && alphaNorm <= rcond * Math.abs(diag[0] as number)) {
      rank = k;
      break;
    }
    if (alphaNorm === 0) {
      rank = k;
      break;
    }
    const x0 = q[k * n + k] as number;
    const alpha = x0 > 0 ? -alphaNorm : alphaNorm;
    // v = x - alpha e1, stored in column k below the diagonal; H = I - 2 v vᵀ / vᵀv
    q[k * n + k] = x0 - alpha;
    let vtv = 0;
    for (let i = k; i < m; i++) vtv += (q[i * n + k] as number) ** 2;
    for (let j = k + 1; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += (q[i * n + k] as number) * (q[i * n + j] as number);
      const f = (2 * s) / vtv;
      for (let i = k; i < m; i++)
        q[i * n + j] = (q[i * n + j] as number) - f * (q[i * n + k] as number);
    }
    let s = 0;
    for (let i = k; i < m; i++) s += (q[i * n + k] as number) * (y[i] as number);
    const f = (2 * s) / vtv;
    for (let i = k; i < m; i++) y[i] = (y[i] as number) - f * (q[i * n + k] as number);
    diag[k] = alpha;
  }
  // back substitution on the leading rank × rank triangle
  const z = new Float64Array(n);
  for (let k = rank - 1; k >= 0; k--) {
    let s = y[k] as number;
    for (let j = k + 1; j < rank; j++) s -= (q[k * n + j] as number) * (z[j] as number);
    z[k] = s / (diag[k] as number);
  }
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) x[perm[k] as number] = z[k] as number;
  return x;
}

/**
 * Solves the symmetric positive-definite system `A x = b` (A is `n × n`, row-major) by Cholesky
 * factorisation. Returns `undefined` when A is not positive definite.
 */
export function choleskySolve(
  a: Float64Array,
  n: number,
  b: Float64Array,
): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] as number) * (l[j * n + k] as number);
      if (i === j) {
        if (!(s > 0)) return undefined;
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / (l[j * n + j] as number);
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] as number) * (y[k] as number);
    y[i] = s / (l[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = s / (l[i * n + i] as number);
  }
  return x;
}
