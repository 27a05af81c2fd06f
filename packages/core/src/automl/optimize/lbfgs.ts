/**
 * Limited-memory BFGS (Nocedal & Wright, "Numerical Optimization", 2nd ed., algorithm 7.4 and 7.5)
 * with a backtracking line search on the Armijo condition that also checks the curvature
 * condition before accepting a pair into the memory (so the inverse-Hessian estimate stays
 * positive definite). Deterministic: no randomness, fixed iteration order.
 */

/** Value and gradient of the objective at `w` (the gradient is written into `grad`). */
export type Objective = (w: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Pairs kept. @default 10 (scipy's `maxcor`) */
  memory?: number;
  /** Stops when max |gradient| ≤ gtol. @default 1e-8 */
  gtol?: number;
  /** Stops when the relative decrease of the objective is below ftol. @default 1e-14 */
  ftol?: number;
  /** @default 1000 */
  maxIterations?: number;
  /** Stops (returning the current point) once `Date.now()` passes it. */
  deadline?: number;
  signal?: AbortSignal;
}

export interface LbfgsResult {
  w: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

/** Minimises `f` from `w0` (not modified). */
export function lbfgs(f: Objective, w0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const { memory = 10, gtol = 1e-8, ftol = 1e-14, maxIterations = 1000 } = options;
  const n = w0.length;
  let w = Float64Array.from(w0);
  let g = new Float64Array(n);
  let fx = f(w, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  const d = new Float64Array(n);
  let iterations = 0;
  let converged = maxAbs(g) <= gtol;
  while (!converged && iterations < maxIterations) {
    options.signal?.throwIfAborted();
    if (options.deadline !== undefined && Date.now() > options.deadline) break;
    // Two-loop recursion: d = −H g.
    for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
    for (let k = s.length - 1; k >= 0; k--) {
      const a = (rho[k] as number) * dot(s[k] as Float64Array, d);
      alpha[k] = a;
      const yk = y[k] as Float64Array;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) - a * (yk[i] as number);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const yk = y[last] as Float64Array;
      const gamma = dot(s[last] as Float64Array, yk) / dot(yk, yk);
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
    } else {
      // First step: a unit-length move along −g.
      const norm = Math.sqrt(dot(d, d));
      if (norm > 0) for (let i = 0; i < n; i++) d[i] = (d[i] as number) / norm;
    }
    for (let k = 0; k < s.length; k++) {
      const b = (rho[k] as number) * dot(y[k] as Float64Array, d);
      const sk = s[k] as Float64Array;
      const a = alpha[k] as number;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) + (a - b) * (sk[i] as number);
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (lost curvature): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
      slope = dot(g, d);
    }
    let step = 1;
    const wNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let fNew = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) wNew[i] = (w[i] as number) + step * (d[i] as number);
      fNew = f(wNew, gNew);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= fx)) break; // no decrease along d: as close as floating point allows
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = (wNew[i] as number) - (w[i] as number);
      yk[i] = (gNew[i] as number) - (g[i] as number);
    }
    const sy = dot(sk, yk);
    if (sy > 1e-300) {
      if (s.length === memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    const decrease = fx - fNew;
    w = wNew;
    g = gNew;
    const previous = fx;
    fx = fNew;
    iterations++;
    if (maxAbs(g) <= gtol) converged = true;
    else if (decrease <= ftol * Math.max(Math.abs(previous), Math.abs(fx), 1)) converged = true;
  }
  return { w, value: fx, iterations, converged };
}
