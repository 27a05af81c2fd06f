import { InvalidInputError } from '../../errors/index.js';
import { choleskySolve, leastSquares, type Matrix, RandomState } from '../../linalg/index.js';
import { coalitionValues, varyingFeatures } from '../coalitions.js';
import type { LinkName } from '../link.js';
import type { ModelEvaluator } from '../modelEvaluator.js';

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** All k-subsets of 0…n−1 in lexicographic order (Python's `itertools.combinations`). */
function* combinations(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  while (true) {
    yield idx.slice();
    let i = k - 1;
    while (i >= 0 && idx[i] === i + n - k) i--;
    if (i < 0) return;
    idx[i] = (idx[i] as number) + 1;
    for (let j = i + 1; j < k; j++) idx[j] = (idx[j - 1] as number) + 1;
  }
}

/** A map key for a 0/1 mask: its bits as a number (exact up to 52 features), else a string. */
function maskKey(mask: Uint8Array, mv: number): number | string {
  if (mv > 52) return mask.join('');
  let key = 0;
  for (let j = 0; j < mv; j++) key = key * 2 + (mask[j] as number);
  return key;
}

/** numpy's `choice(n, size, p=p)`: inverse CDF of uniform draws (searchsorted side right). */
function choice(rng: RandomState, p: Float64Array, size: number): Int32Array {
  const cdf = new Float64Array(p.length);
  let acc = 0;
  for (let i = 0; i < p.length; i++) {
    acc += p[i] as number;
    cdf[i] = acc;
  }
  const total = cdf[p.length - 1] as number;
  for (let i = 0; i < p.length; i++) cdf[i] = (cdf[i] as number) / total;
  const out = new Int32Array(size);
  for (let s = 0; s < size; s++) {
    const u = rng.random();
    let lo = 0;
    let hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) <= u) lo = mid + 1;
      else hi = mid;
    }
    out[s] = Math.min(lo, p.length - 1);
  }
  return out;
}

/** The coalitions and kernel weights KernelExplainer would use for `mv` varying features. */
export interface KernelSample {
  /** `n × mv` 0/1. */
  masks: Uint8Array;
  weights: Float64Array;
  n: number;
}

/**
 * shap's KernelExplainer coalition sampling: subset sizes are enumerated completely, smallest
 * (and their complements) first, while the budget covers their share of the Shapley kernel
 * weight; the rest is sampled by size ∝ the remaining kernel weight, each draw paired with its
 * complement, duplicates adding weight; sampled weights are rescaled to the remaining mass.
 *
 * Reference: shap 0.46.0 `shap/explainers/_kernel.py`, `KernelExplainer.explain` (nsamples
 * "auto" = 2M + 2048, capped at 2^M − 2).
 */
export function sampleKernelCoalitions(
  mv: number,
  nSamplesIn: number | undefined,
  rng: RandomState,
): KernelSample {
  let nsamples = nSamplesIn ?? 2 * mv + 2048;
  if (mv <= 30) nsamples = Math.min(nsamples, 2 ** mv - 2);
  const masks = new Uint8Array(nsamples * mv);
  const weights = new Float64Array(nsamples);
  let count = 0;
  const add = (mask: Uint8Array, w: number) => {
    masks.set(mask, count * mv);
    weights[count] = w;
    count++;
  };
  const numSubsetSizes = Math.ceil((mv - 1) / 2);
  const numPaired = Math.floor((mv - 1) / 2);
  const weightVector = new Float64Array(numSubsetSizes);
  for (let i = 1; i <= numSubsetSizes; i++) weightVector[i - 1] = (mv - 1) / (i * (mv - i));
  for (let i = 0; i < numPaired; i++) weightVector[i] = (weightVector[i] as number) * 2;
  let wsum = 0;
  for (const w of weightVector) wsum += w;
  for (let i = 0; i < numSubsetSizes; i++) weightVector[i] = (weightVector[i] as number) / wsum;

  let numFullSubsets = 0;
  let samplesLeft = nsamples;
  const remaining = Float64Array.from(weightVector);
  const mask = new Uint8Array(mv);
  for (let size = 1; size <= numSubsetSizes; size++) {
    let nsubsets = binomial(mv, size);
    const paired = size <= numPaired;
    if (paired) nsubsets *= 2;
    if ((samplesLeft * (remaining[size - 1] as number)) / nsubsets < 1 - 1e-8) break;
    numFullSubsets++;
    samplesLeft -= nsubsets;
    const r = remaining[size - 1] as number;
    if (r < 1)
      for (let i = 0; i < numSubsetSizes; i++) remaining[i] = (remaining[i] as number) / (1 - r);
    let w = (weightVector[size - 1] as number) / binomial(mv, size);
    if (paired) w /= 2;
    for (const inds of combinations(mv, size)) {
      mask.fill(0);
      for (const j of inds) mask[j] = 1;
      add(mask, w);
      if (paired) {
        for (let j = 0; j < mv; j++) mask[j] = 1 - (mask[j] as number);
        add(mask, w);
      }
    }
  }
  const nFixed = count;
  samplesLeft = nsamples - count;
  if (numFullSubsets !== numSubsetSizes && samplesLeft > 0) {
    const rest = Float64Array.from(weightVector);
    for (let i = 0; i < numPaired; i++) rest[i] = (rest[i] as number) / 2;
    const p = rest.slice(numFullSubsets);
    let ps = 0;
    for (const v of p) ps += v;
    for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) / ps;
    const draws = choice(rng, p, 4 * samplesLeft);
    const used = new Map<number | string, number>();
    let pos = 0;
    // rng.permutation(mv) without a new array per draw: arange then the same shuffle
    const perm = new Int32Array(mv);
    while (samplesLeft > 0 && pos < draws.length) {
      mask.fill(0);
      const size = (draws[pos++] as number) + numFullSubsets + 1;
      for (let t = 0; t < mv; t++) perm[t] = t;
      rng.shuffle(perm);
      for (let t = 0; t < size; t++) mask[perm[t] as number] = 1;
      const key = maskKey(mask, mv);
      const at = used.get(key);
      const isNew = at === undefined;
      if (isNew) {
        used.set(key, count);
        samplesLeft--;
        add(mask, 1);
      } else {
        weights[at] = (weights[at] as number) + 1;
      }
      if (samplesLeft > 0 && size <= numPaired) {
        for (let j = 0; j < mv; j++) mask[j] = 1 - (mask[j] as number);
        if (isNew) {
          samplesLeft--;
          add(mask, 1);
        } else {
          weights[at + 1] = (weights[at + 1] as number) + 1;
        }
      }
    }
    let weightLeft = 0;
    for (let i = numFullSubsets; i < numSubsetSizes; i++) weightLeft += weightVector[i] as number;
    let sampled = 0;
    for (let k = nFixed; k < count; k++) sampled += weights[k] as number;
    for (let k = nFixed; k < count; k++)
      weights[k] = ((weights[k] as number) * weightLeft) / sampled;
  }
  return { masks: masks.subarray(0, count * mv), weights: weights.subarray(0, count), n: count };
}

/**
 * Weighted least squares of the coalition values on the masks under the efficiency constraint
 * Σφ = fx − base, eliminating the last feature: shap's `KernelExplainer.solve` without l1
 * feature selection (`l1_reg=False`).
 */
export function solveKernel(
  sample: KernelSample,
  mv: number,
  ey: Float64Array,
  fx: number,
  base: number,
): Float64Array {
  const { masks, weights, n } = sample;
  const total = fx - base;
  const last = mv - 1;
  const p = mv - 1;
  // normal equations of min Σ w_k (y_k − Σ_j e_kj β_j)² with e_kj = z_kj − z_k,last
  const ata = new Float64Array(p * p);
  const atb = new Float64Array(p);
  const e = new Float64Array(p);
  for (let k = 0; k < n; k++) {
    const zl = masks[k * mv + last] as number;
    const y = (ey[k] as number) - base - zl * total;
    for (let j = 0; j < p; j++) e[j] = (masks[k * mv + j] as number) - zl;
    const w = weights[k] as number;
    for (let a = 0; a < p; a++) {
      const wa = w * (e[a] as number);
      if (wa === 0) continue;
      atb[a] = (atb[a] as number) + wa * y;
      for (let b = a; b < p; b++)
        ata[a * p + b] = (ata[a * p + b] as number) + wa * (e[b] as number);
    }
  }
  // the upper triangle only: e is −1, 0 or 1, so w·e_a·e_b = w·e_b·e_a exactly and the mirror
  // is the value the lower triangle would have summed
  for (let a = 1; a < p; a++) for (let b = 0; b < a; b++) ata[a * p + b] = ata[b * p + a] as number;
  let beta = choleskySolve(ata, p, atb);
  if (beta === undefined) {
    // singular (too few distinct coalitions): least-squares solution of the weighted system
    const a = new Float64Array(n * p);
    const b = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const sw = Math.sqrt(weights[k] as number);
      const zl = masks[k * mv + last] as number;
      for (let j = 0; j < p; j++) a[k * p + j] = sw * ((masks[k * mv + j] as number) - zl);
      b[k] = sw * ((ey[k] as number) - base - zl * total);
    }
    beta = n >= p ? leastSquares(a, n, p, b) : new Float64Array(p);
  }
  const phi = new Float64Array(mv);
  let s = 0;
  for (let j = 0; j < p; j++) {
    phi[j] = beta[j] as number;
    s += beta[j] as number;
  }
  phi[last] = total - s;
  return phi;
}

/**
 * The sample's masks over the varying features spread to all `m` features. A top-level function:
 * the same loop inside the async {@link kernelShap} was not optimised as well.
 */
function expandMasks(sample: KernelSample, vary: Int32Array, m: number): Uint8Array {
  const mv = vary.length;
  const full = new Uint8Array(sample.n * m);
  for (let k = 0; k < sample.n; k++) {
    for (let t = 0; t < mv; t++)
      full[k * m + (vary[t] as number)] = sample.masks[k * mv + t] as number;
  }
  return full;
}

/**
 * Kernel SHAP (Lundberg & Lee 2017, §4.1) per instance over its varying features: seeded sampling
 * of coalitions with paired complements ({@link sampleKernelCoalitions}), then weighted least
 * squares with the efficiency constraint ({@link solveKernel}). With a budget of at least 2^M − 2
 * every coalition is enumerated and the result equals exact SHAP.
 *
 * Reference: shap 0.46.0 `shap/explainers/_kernel.py` (`KernelExplainer`).
 */
export async function kernelShap(
  evaluator: ModelEvaluator,
  background: Matrix,
  instances: Matrix,
  link: LinkName,
  fx: Float64Array,
  base: number,
  options: { nSamples?: number; seed: number; batchRows?: number },
): Promise<Float64Array> {
  const m = background.cols;
  if (options.nSamples !== undefined && options.nSamples < 2) {
    throw new InvalidInputError(`nSamples is ${options.nSamples}; expected at least 2`);
  }
  const rng = new RandomState(options.seed);
  const varying: number[][] = [];
  const samples: KernelSample[] = [];
  const fullMasks: Uint8Array[] = [];
  for (let i = 0; i < instances.rows; i++) {
    const vary = varyingFeatures(background, instances, i);
    varying.push(vary);
    const mv = vary.length;
    if (mv < 2) {
      samples.push({ masks: new Uint8Array(0), weights: new Float64Array(0), n: 0 });
      fullMasks.push(new Uint8Array(0));
      continue;
    }
    const sample = sampleKernelCoalitions(mv, options.nSamples, rng);
    samples.push(sample);
    fullMasks.push(expandMasks(sample, Int32Array.from(vary), m));
  }
  const ey = await coalitionValues(
    evaluator,
    background,
    instances,
    (i) => fullMasks[i] as Uint8Array,
    link,
    options.batchRows,
  );
  const phi = new Float64Array(instances.rows * m);
  for (let i = 0; i < instances.rows; i++) {
    const vary = varying[i] as number[];
    const mv = vary.length;
    const f = fx[i] as number;
    if (mv === 0) continue;
    if (mv === 1) {
      phi[i * m + (vary[0] as number)] = f - base;
      continue;
    }
    const local = solveKernel(samples[i] as KernelSample, mv, ey[i] as Float64Array, f, base);
    for (let t = 0; t < mv; t++) phi[i * m + (vary[t] as number)] = local[t] as number;
  }
  return phi;
}
