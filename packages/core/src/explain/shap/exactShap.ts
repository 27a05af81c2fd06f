import { InvalidInputError } from '../../errors/index.js';
import type { Matrix } from '../../linalg/index.js';
import { coalitionValues } from '../coalitions.js';
import type { LinkName } from '../link.js';
import type { ModelEvaluator } from '../modelEvaluator.js';

/** Exact SHAP enumerates 2^M coalitions; beyond this many features use kernel or permutation. */
export const EXACT_MAX_FEATURES = 16;

/** |S|!(M−|S|−1)!/M! for |S| = 0 … M−1, computed as 1 / (M·C(M−1, |S|)) without factorials. */
export function shapleyWeights(m: number): Float64Array {
  const w = new Float64Array(m);
  let binom = 1; // C(M−1, s)
  for (let s = 0; s < m; s++) {
    w[s] = 1 / (m * binom);
    binom = (binom * (m - 1 - s)) / (s + 1);
  }
  return w;
}

/**
 * Exact interventional SHAP values: φᵢ = Σ_{S ⊆ N∖{i}} |S|!(M−|S|−1)!/M! · [v(S∪{i}) − v(S)] with
 * v(S) = link(mean_b f(x_S, b_{N∖S})), every coalition evaluated once per instance and batched
 * into few predict calls.
 *
 * Reference: shap 0.46.0 `shap/explainers/_exact.py` (`ExactExplainer` with an `Independent`
 * masker, which computes the same sum in Gray-code order); Lundberg & Lee (2017), eq. 8.
 *
 * @returns φ as a flat `instances × M` array.
 */
export async function exactShap(
  evaluator: ModelEvaluator,
  background: Matrix,
  instances: Matrix,
  link: LinkName,
  batchRows?: number,
): Promise<Float64Array> {
  const m = background.cols;
  if (m > EXACT_MAX_FEATURES) {
    throw new InvalidInputError(
      `exact SHAP enumerates 2^${m} coalitions; it is limited to ${EXACT_MAX_FEATURES} features (use algorithm "kernel" or "permutation")`,
      [{ path: ['params', 'algorithm'], message: `at most ${EXACT_MAX_FEATURES} features` }],
    );
  }
  const nCoalitions = 2 ** m;
  const masks = new Uint8Array(nCoalitions * m);
  const popcount = new Uint8Array(nCoalitions);
  for (let c = 0; c < nCoalitions; c++) {
    let bits = 0;
    for (let j = 0; j < m; j++) {
      if (c & (1 << j)) {
        masks[c * m + j] = 1;
        bits++;
      }
    }
    popcount[c] = bits;
  }
  const weights = shapleyWeights(m);
  const phi = new Float64Array(instances.rows * m);
  // instances in blocks, so that the coalition values held at once stay near 2^20 numbers
  const block = Math.max(1, Math.floor(2 ** 20 / nCoalitions));
  for (let i0 = 0; i0 < instances.rows; i0 += block) {
    const rows = Math.min(block, instances.rows - i0);
    const part = { rows, cols: m, data: instances.data.subarray(i0 * m, (i0 + rows) * m) };
    const v = await coalitionValues(evaluator, background, part, () => masks, link, batchRows);
    for (let k = 0; k < rows; k++) {
      const vi = v[k] as Float64Array;
      const i = i0 + k;
      for (let j = 0; j < m; j++) {
        const bit = 1 << j;
        let s = 0;
        for (let c = 0; c < nCoalitions; c++) {
          if (c & bit) continue;
          s +=
            (weights[popcount[c] as number] as number) *
            ((vi[c | bit] as number) - (vi[c] as number));
        }
        phi[i * m + j] = s;
      }
    }
  }
  return phi;
}
