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

/** A multinomial logistic fit: one row of coefficients and one intercept per class. */
export interface MultinomialFit {
  coef: number[][];
  intercept: number[];
}

/**
 * Multinomial (softmax) L2-penalised logistic regression solved to convergence by Newton's
 * method with backtracking: minimise C·Σᵢ (log Σₖ exp(zᵢₖ) − zᵢ,yᵢ) + ½ Σₖ ‖wₖ‖², zᵢₖ = xᵢ·wₖ + bₖ
 * (intercepts not penalised), the objective of scikit-learn's `LogisticRegression(C)` with more
 * than two classes (`multi_class="auto"` → multinomial, symmetric parameterisation). Adding one
 * constant to every intercept changes nothing, so the Hessian is singular along that direction;
 * the gradient never has a component along it, and Newton steps solve (H + uuᵀ)d = g (u the unit
 * vector of that direction), which keeps Σₖ bₖ = 0 from the zero start, as scikit-learn's solvers
 * do. Stops when the gradient's max-norm is below `tol` (scaled like {@link fitLogistic}).
 *
 * Reference: scikit-learn 1.2.1 `sklearn/linear_model/_logistic.py`, `_linear_loss.py`
 * (`HalfMultinomialLoss`); Boyd & Vandenberghe, *Convex Optimization*, §9.5.
 *
 * @param y - the class index (0…k−1) of each row.
 */
export function fitMultinomial(
  x: Matrix,
  y: Int32Array,
  k: number,
  c = 1,
  tol = 1e-12,
  maxIter = 200,
): MultinomialFit {
  const { rows: n, cols: m, data } = x;
  const q = m + 1; // per class: m coefficients, then the intercept
  const p = k * q;
  let theta = new Float64Array(p);
  const probabilities = (t: Float64Array) => {
    const prob = new Float64Array(n * k);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let zMax = Number.NEGATIVE_INFINITY;
      for (let a = 0; a < k; a++) {
        let s = t[a * q + m] as number;
        for (let j = 0; j < m; j++) s += (data[i * m + j] as number) * (t[a * q + j] as number);
        prob[i * k + a] = s;
        zMax = Math.max(zMax, s);
      }
      let sum = 0;
      for (let a = 0; a < k; a++) sum += Math.exp((prob[i * k + a] as number) - zMax);
      loss += zMax + Math.log(sum) - (prob[i * k + (y[i] as number)] as number);
      for (let a = 0; a < k; a++)
        prob[i * k + a] = Math.exp((prob[i * k + a] as number) - zMax) / sum;
    }
    let f = c * loss;
    for (let a = 0; a < k; a++)
      for (let j = 0; j < m; j++) f += 0.5 * (t[a * q + j] as number) ** 2;
    return { prob, f };
  };
  let current = probabilities(theta);
  const row = new Float64Array(q);
  row[m] = 1;
  const u = 1 / k; // (uuᵀ) on intercept pairs: (1/√k)²
  for (let iter = 0; iter < maxIter; iter++) {
    const { prob } = current;
    const grad = new Float64Array(p);
    const hess = new Float64Array(p * p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) row[j] = data[i * m + j] as number;
      for (let a = 0; a < k; a++) {
        const pa = prob[i * k + a] as number;
        const r = c * (pa - (y[i] === a ? 1 : 0));
        for (let s = 0; s < q; s++)
          grad[a * q + s] = (grad[a * q + s] as number) + r * (row[s] as number);
        for (let b = 0; b <= a; b++) {
          const d = c * pa * ((a === b ? 1 : 0) - (prob[i * k + b] as number));
          for (let s = 0; s < q; s++) {
            const ds = d * (row[s] as number);
            const o = (a * q + s) * p + b * q;
            for (let t = 0; t < q; t++)
              hess[o + t] = (hess[o + t] as number) + ds * (row[t] as number);
          }
        }
      }
    }
    for (let a = 0; a < k; a++) {
      for (let j = 0; j < m; j++) {
        const v = a * q + j;
        grad[v] = (grad[v] as number) + (theta[v] as number);
        hess[v * p + v] = (hess[v * p + v] as number) + 1;
      }
      for (let b = 0; b < k; b++) {
        const v = (a * q + m) * p + b * q + m;
        hess[v] = (hess[v] as number) + u;
      }
    }
    // the blocks were accumulated for b ≤ a: mirror them
    for (let a = 0; a < p; a++)
      for (let b = a + 1; b < p; b++) {
        const lower = hess[b * p + a] as number;
        const upper = hess[a * p + b] as number;
        if (Math.floor(b / q) > Math.floor(a / q)) hess[a * p + b] = lower;
        else hess[b * p + a] = upper;
      }
    let gmax = 0;
    for (const g of grad) gmax = Math.max(gmax, Math.abs(g));
    if (gmax <= tol * Math.max(1, c * n)) break;
    const step = choleskySolve(hess, p, grad) ?? leastSquares(hess, p, p, grad);
    let decrement = 0;
    for (let a = 0; a < p; a++) decrement += (step[a] as number) * (grad[a] as number);
    if (!(decrement > 0)) break;
    let t = 1;
    let next = theta;
    let candidate = current;
    for (let s = 0; s < 60; s++) {
      next = theta.map((v, a) => v - t * (step[a] as number));
      candidate = probabilities(next);
      if (candidate.f <= current.f - 1e-4 * t * decrement || t * decrement < 1e-30) break;
      t /= 2;
    }
    const done = decrement / 2 < 1e-28 * Math.max(1, Math.abs(current.f));
    theta = next;
    current = candidate;
    if (done) break;
  }
  return {
    coef: Array.from({ length: k }, (_, a) => Array.from(theta.subarray(a * q, a * q + m))),
    intercept: Array.from({ length: k }, (_, a) => theta[a * q + m] as number),
  };
}
