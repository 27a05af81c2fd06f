import { InvalidInputError } from '../../errors/index.js';
import { type Matrix, RandomState } from '../../linalg/index.js';
import { coalitionValues, varyingFeatures } from '../coalitions.js';
import type { LinkName } from '../link.js';
import type { ModelEvaluator } from '../modelEvaluator.js';

/**
 * Permutation SHAP with antithetic sampling: for each random permutation of the varying features,
 * add them one by one (forward) and then remove them in the same order (backward), crediting each
 * feature with the change in v; φ = total / (2 · permutations). Exact for models with at most
 * pairwise interactions, always additive. The number of permutations is
 * ⌊maxEvals / (2M + 1)⌋ (shap's `max_evals`, default 500 in `PermutationExplainer.__call__`).
 *
 * Reference: shap 0.46.0 `shap/explainers/_permutation.py` (`PermutationExplainer.explain_row`).
 */
export async function permutationShap(
  evaluator: ModelEvaluator,
  background: Matrix,
  instances: Matrix,
  link: LinkName,
  options: { maxEvals: number; seed: number; batchRows?: number },
): Promise<Float64Array> {
  const m = background.cols;
  const rng = new RandomState(options.seed);
  const varying: number[][] = [];
  const orders: Int32Array[][] = [];
  const masksPer: Uint8Array[] = [];
  for (let i = 0; i < instances.rows; i++) {
    const vary = varyingFeatures(background, instances, i);
    varying.push(vary);
    const mv = vary.length;
    if (mv === 0) {
      orders.push([]);
      masksPer.push(new Uint8Array(0));
      continue;
    }
    const steps = 2 * mv + 1;
    const nPerm = Math.floor(options.maxEvals / steps);
    if (nPerm < 1) {
      const message = `maxEvals is ${options.maxEvals}; permutation SHAP needs at least 2·M + 1 = ${steps} evaluations for ${mv} varying features`;
      throw new InvalidInputError(message, [{ path: ['params', 'maxEvals'], message }]);
    }
    const inds = Int32Array.from(vary);
    const perms: Int32Array[] = [];
    const masks = new Uint8Array(nPerm * steps * m);
    for (let p = 0; p < nPerm; p++) {
      rng.shuffle(inds);
      perms.push(inds.slice());
      const base = p * steps * m;
      // row 0: empty; rows 1..mv: add inds in order; rows mv+1..2mv: remove them in order
      for (let t = 0; t < mv; t++) {
        const row = base + (t + 1) * m;
        masks.copyWithin(row, row - m, row);
        masks[row + (inds[t] as number)] = 1;
      }
      for (let t = 0; t < mv; t++) {
        const row = base + (mv + t + 1) * m;
        masks.copyWithin(row, row - m, row);
        masks[row + (inds[t] as number)] = 0;
      }
    }
    orders.push(perms);
    masksPer.push(masks);
  }
  const v = await coalitionValues(
    evaluator,
    background,
    instances,
    (i) => masksPer[i] as Uint8Array,
    link,
    options.batchRows,
  );
  const phi = new Float64Array(instances.rows * m);
  for (let i = 0; i < instances.rows; i++) {
    const perms = orders[i] as Int32Array[];
    if (perms.length === 0) continue;
    const mv = (varying[i] as number[]).length;
    const steps = 2 * mv + 1;
    const vi = v[i] as Float64Array;
    perms.forEach((perm, p) => {
      const o = p * steps;
      for (let t = 0; t < mv; t++) {
        const j = perm[t] as number;
        const forward = (vi[o + t + 1] as number) - (vi[o + t] as number);
        const backward = (vi[o + mv + t] as number) - (vi[o + mv + t + 1] as number);
        phi[i * m + j] = (phi[i * m + j] as number) + forward + backward;
      }
    });
    const scale = 2 * perms.length;
    for (let j = 0; j < m; j++) phi[i * m + j] = (phi[i * m + j] as number) / scale;
  }
  return phi;
}
