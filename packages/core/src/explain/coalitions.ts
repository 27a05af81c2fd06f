import type { Matrix } from '../linalg/index.js';
import { applyLink, type LinkName } from './link.js';
import type { ModelEvaluator } from './modelEvaluator.js';

/** Rows sent to the model per `predict` call when the caller does not say. */
export const DEFAULT_BATCH_ROWS = 65_536;

/**
 * Interventional coalition values of many (instance, coalition) pairs, batched into few predict
 * calls: v(S) = link(mean over background rows b of f(x_S, b_{N∖S})), the value function of shap's
 * `Independent` masker (shap `utils/_masked_model.py`, `MaskedModel`), where mask bit j set means
 * feature j comes from the instance.
 *
 * @param masksOf - for instance i, its coalitions as a flat `nMasks × nFeatures` 0/1 array.
 * @returns for each instance, one value per coalition.
 */
export async function coalitionValues(
  evaluator: ModelEvaluator,
  background: Matrix,
  instances: Matrix,
  masksOf: (i: number) => Uint8Array,
  link: LinkName,
  batchRows = DEFAULT_BATCH_ROWS,
): Promise<Float64Array[]> {
  const m = background.cols;
  const nbg = background.rows;
  const bg = background.data;
  const capacity = Math.max(nbg, Math.floor(batchRows / nbg) * nbg);
  const buffer = new Float64Array(capacity * m);
  const results: Float64Array[] = [];
  // pending coalitions in the buffer: (instance, coalition index)
  const pendingInstance: number[] = [];
  const pendingMask: number[] = [];
  let rows = 0;
  const on = new Int32Array(m);
  const xOn = new Float64Array(m);
  const means = new Float64Array(capacity / nbg);

  const flush = async () => {
    if (rows === 0) return;
    const out = await evaluator.predict({ rows, cols: m, data: buffer.subarray(0, rows * m) });
    blockMeans(out, nbg, pendingInstance.length, means);
    for (let k = 0; k < pendingInstance.length; k++) {
      (results[pendingInstance[k] as number] as Float64Array)[pendingMask[k] as number] = applyLink(
        link,
        means[k] as number,
      );
    }
    pendingInstance.length = 0;
    pendingMask.length = 0;
    rows = 0;
  };

  for (let i = 0; i < instances.rows; i++) {
    const masks = masksOf(i);
    const nMasks = masks.length / m;
    results.push(new Float64Array(nMasks));
    const x = instances.data.subarray(i * m, (i + 1) * m);
    for (let c = 0; c < nMasks; c++) {
      if (rows + nbg > capacity) await flush();
      const nOn = coalitionFeatures(masks, c, m, x, on, xOn);
      fillCoalition(buffer, rows * m, bg, nbg, m, on, xOn, nOn);
      rows += nbg;
      pendingInstance.push(i);
      pendingMask.push(c);
    }
  }
  await flush();
  return results;
}

// The loops over rows live in top-level functions with every array passed in: in the async
// function and its closures they ran several times slower (a third of exact SHAP's time).

/** means[k] = the mean of out[k·nbg … (k + 1)·nbg) for k < count, summed in order. */
function blockMeans(out: Float64Array, nbg: number, count: number, means: Float64Array): void {
  for (let k = 0; k < count; k++) {
    let s = 0;
    const o = k * nbg;
    for (let b = 0; b < nbg; b++) s += out[o + b] as number;
    means[k] = s / nbg;
  }
}

/** The features of coalition c that come from the instance (`on`) and their values (`xOn`). */
function coalitionFeatures(
  masks: Uint8Array,
  c: number,
  m: number,
  x: Float64Array,
  on: Int32Array,
  xOn: Float64Array,
): number {
  let nOn = 0;
  for (let j = 0; j < m; j++) {
    if (masks[c * m + j]) {
      on[nOn] = j;
      xOn[nOn++] = x[j] as number;
    }
  }
  return nOn;
}

/**
 * Writes one coalition's `nbg` rows at `offset`: the background block (contiguous, copied whole)
 * with the instance's values put in at the coalition's features. A top-level function with every
 * array passed in, so that V8 optimises the loop (closure variables of an async function are not).
 */
function fillCoalition(
  buffer: Float64Array,
  offset: number,
  bg: Float64Array,
  nbg: number,
  m: number,
  on: Int32Array,
  xOn: Float64Array,
  nOn: number,
): void {
  buffer.set(bg, offset);
  if (nOn === 0) return;
  for (let b = 0; b < nbg; b++) {
    const off = offset + b * m;
    for (let t = 0; t < nOn; t++) buffer[off + (on[t] as number)] = xOn[t] as number;
  }
}

/**
 * Features on which an instance differs from at least one background row (shap's
 * `varying_inputs` for the Independent masker); the others get a Shapley value of exactly 0.
 */
export function varyingFeatures(background: Matrix, instances: Matrix, i: number): number[] {
  const m = background.cols;
  const out: number[] = [];
  for (let j = 0; j < m; j++) {
    const xj = instances.data[i * m + j] as number;
    for (let b = 0; b < background.rows; b++) {
      if (background.data[b * m + j] !== xj) {
        out.push(j);
        break;
      }
    }
  }
  return out;
}
