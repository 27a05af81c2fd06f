import { choleskySolve, leastSquares, type Matrix } from '../../linalg/index.js';
import { sigmoid } from '../../models/specModel.js';
import type { LinearFit } from './linearSurrogate.js';

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * Binary L2-penalised logistic regression solved to convergence by Newton's method with
 * backtracking: minimise C·Σᵢ log(1 + exp(−sᵢ(xᵢ·w + b))) + ½‖w‖² (the intercept b is not
 * penalised), stopping when the gradient's max-norm is below `tol` (or Newton's decrement
 * vanishes). This is the objective of scikit-learn's `LogisticRegression(C, penalty="l2")`;
 * its default lbfgs (tol 1e-4) stops earlier, `solver="newton-cholesky", tol=1e-12` agrees.
 *
 * Reference: scikit-learn 1.2.1 `sklearn/linear_model/_logistic.py`, `_linear_loss.py`;
 * Boyd & Vandenberghe, *Convex Optimization*, §9.5.
 *
 * @param y - 1 for the positive class, 0 for the negative one.
 */
export function fitLogistic(
  x: Matrix,
  y: Uint8Array,
  c = 1,
  tol = 1e-12,
  maxIter = 200,
): LinearFit {
  const { rows: n, cols: m, data } = x;
  const p = m + 1; // last parameter: intercept
  let theta = new Float64Array(p);
  const margins = (t: Float64Array) => {
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = t[m] as number;
      for (let j = 0; j < m; j++) s += (data[i * m + j] as number) * (t[j] as number);
      z[i] = s;
    }
    return z;
  };
  const objective = (t: Float64Array, z: Float64Array) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const zi = z[i] as number;
      f += y[i] ? softplus(-zi) : softplus(zi);
    }
    f *= c;
    for (let j = 0; j < m; j++) f += 0.5 * (t[j] as number) ** 2;
    return f;
  };
  let z = margins(theta);
  let f = objective(theta, z);
  for (let iter = 0; iter < maxIter; iter++) {
    const grad = new Float64Array(p);
    const hess = new Float64Array(p * p);
    const row = new Float64Array(p);
    row[m] = 1;
    for (let i = 0; i < n; i++) {
      const pi = sigmoid(z[i] as number);
      const r = c * (pi - (y[i] as number));
      const d = c * pi * (1 - pi);
      for (let j = 0; j < m; j++) row[j] = data[i * m + j] as number;
      for (let a = 0; a < p; a++) {
        const ra = row[a] as number;
        grad[a] = (grad[a] as number) + r * ra;
        const da = d * ra;
        for (let b = 0; b <= a; b++)
          hess[a * p + b] = (hess[a * p + b] as number) + da * (row[b] as number);
      }
    }
    for (let j = 0; j < m; j++) {
      grad[j] = (grad[j] as number) + (theta[j] as number);
      hess[j * p + j] = (hess[j * p + j] as number) + 1;
    }
    for (let a = 0; a < p; a++)
      for (let b = a + 1; b < p; b++) hess[a * p + b] = hess[b * p + a] as number;
    let gmax = 0;
    for (const g of grad) gmax = Math.max(gmax, Math.abs(g));
    if (gmax <= tol * Math.max(1, c * n)) break;
    const step = choleskySolve(hess, p, grad) ?? leastSquares(hess, p, p, grad);
    let decrement = 0;
    for (let a = 0; a < p; a++) decrement += (step[a] as number) * (grad[a] as number);
    if (!(decrement > 0)) break;
    let t = 1;
    let next = theta;
    let nz = z;
    let nf = f;
    for (let k = 0; k < 60; k++) {
      next = theta.map((v, a) => v - t * (step[a] as number));
      nz = margins(next);
      nf = objective(next, nz);
      if (nf <= f - 1e-4 * t * decrement || t * decrement < 1e-30) break;
      t /= 2;
    }
    const done = decrement / 2 < 1e-28 * Math.max(1, Math.abs(f));
    theta = next;
    z = nz;
    f = nf;
    if (done) break;
  }
  return { coef: Array.from(theta.subarray(0, m)), intercept: theta[m] as number };
}
