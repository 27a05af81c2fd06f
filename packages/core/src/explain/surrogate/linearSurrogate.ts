import { leastSquares, type Matrix } from '../../linalg/index.js';

/** A fitted linear model ŷ = x·coef + intercept. */
export interface LinearFit {
  coef: number[];
  intercept: number;
}

/**
 * Ordinary least squares with an intercept (`alpha = 0`), or ridge regression minimising
 * ‖y − Xw − b‖² + α‖w‖² with the intercept unpenalised. X and y are centred, then the (augmented)
 * system is solved by pivoted Householder QR, as scikit-learn's `LinearRegression` (centring +
 * `scipy.linalg.lstsq`) and `Ridge` do; a rank-deficient X gets a basic solution.
 *
 * Reference: scikit-learn 1.2.1 `sklearn/linear_model/_base.py` (`LinearRegression.fit`,
 * `_preprocess_data`), `_ridge.py`.
 */
export function fitLinear(x: Matrix, y: Float64Array, alpha = 0): LinearFit {
  const { rows: n, cols: m, data } = x;
  const xMean = new Float64Array(m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) xMean[j] = (xMean[j] as number) + (data[i * m + j] as number);
  for (let j = 0; j < m; j++) xMean[j] = (xMean[j] as number) / n;
  let yMean = 0;
  for (const v of y) yMean += v;
  yMean /= n;
  const extra = alpha > 0 ? m : 0;
  const a = new Float64Array((n + extra) * m);
  const b = new Float64Array(n + extra);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) a[i * m + j] = (data[i * m + j] as number) - (xMean[j] as number);
    b[i] = (y[i] as number) - yMean;
  }
  const sa = Math.sqrt(alpha);
  for (let j = 0; j < extra; j++) a[(n + j) * m + j] = sa;
  const w = n + extra >= m ? leastSquares(a, n + extra, m, b) : minimumNormFallback(a, n, m, b);
  let intercept = yMean;
  for (let j = 0; j < m; j++) intercept -= (w[j] as number) * (xMean[j] as number);
  return { coef: Array.from(w), intercept };
}

/** Fewer rows than features: solve the transposed problem for a (basic) solution. */
function minimumNormFallback(a: Float64Array, n: number, m: number, b: Float64Array): Float64Array {
  // pad with zero rows: QR with pivoting yields a basic solution with free variables 0
  const padded = new Float64Array(m * m);
  padded.set(a.subarray(0, n * m));
  const pb = new Float64Array(m);
  pb.set(b.subarray(0, n));
  return leastSquares(padded, m, m, pb);
}

/** ŷ = x·coef + intercept for every row. */
export function predictLinear(x: Matrix, fit: LinearFit): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = fit.intercept;
    for (let j = 0; j < x.cols; j++)
      s += (x.data[i * x.cols + j] as number) * (fit.coef[j] as number);
    out[i] = s;
  }
  return out;
}
