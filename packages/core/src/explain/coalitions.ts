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
  const batch = new CoalitionBatch(background, instances, masksOf, batchRows);
  while (batch.fill() > 0) {
    const rows = batch.slots * background.rows;
    const out = await evaluator.predict({
      rows,
      cols: background.cols,
      data: batch.buffer.subarray(0, rows * background.cols),
    });
    batch.store(out, link);
  }
  return batch.results;
}

/**
 * The state of {@link coalitionValues} between predict calls. Every loop over coalitions or rows
 * runs in a plain method or top-level function: in the async function and its closures they ran
 * several times slower (a third of exact SHAP's time), and keeping them out of it leaves the async
 * function one predict call per batch.
 */
class CoalitionBatch {
  readonly buffer: Float64Array;
  readonly results: Float64Array[] = [];
  /** Coalitions in the buffer; slot k holds (slotInstance[k], slotMask[k]). */
  slots = 0;
  private readonly slotInstance: Int32Array;
  private readonly slotMask: Int32Array;
  private readonly means: Float64Array;
  private readonly m: number;
  private readonly nbg: number;
  private readonly capacity: number;
  /** Next (instance, coalition) to write, and that instance's masks. */
  private i = 0;
  private c = 0;
  private masks: Uint8Array | undefined;

  constructor(
    private readonly background: Matrix,
    private readonly instances: Matrix,
    private readonly masksOf: (i: number) => Uint8Array,
    batchRows: number,
  ) {
    this.m = background.cols;
    this.nbg = background.rows;
    this.capacity = Math.max(1, Math.floor(batchRows / this.nbg));
    this.buffer = new Float64Array(this.capacity * this.nbg * this.m);
    this.slotInstance = new Int32Array(this.capacity);
    this.slotMask = new Int32Array(this.capacity);
    this.means = new Float64Array(this.capacity);
  }

  /** Writes the next coalitions' rows into the buffer; returns how many (0 when all are done). */
  fill(): number {
    const { m, nbg, capacity, buffer, instances } = this;
    const bg = this.background.data;
    let slots = 0;
    while (slots < capacity && this.i < instances.rows) {
      if (this.masks === undefined) {
        this.masks = this.masksOf(this.i);
        this.results.push(new Float64Array(this.masks.length / m));
      }
      const nMasks = this.masks.length / m;
      const c1 = Math.min(nMasks, this.c + capacity - slots);
      const x = instances.data.subarray(this.i * m, (this.i + 1) * m);
      fillCoalitions(buffer, slots * nbg * m, bg, nbg, m, this.masks, this.c, c1, x);
      for (let c = this.c; c < c1; c++, slots++) {
        this.slotInstance[slots] = this.i;
        this.slotMask[slots] = c;
      }
      this.c = c1;
      if (c1 === nMasks) {
        this.i++;
        this.c = 0;
        this.masks = undefined;
      }
    }
    this.slots = slots;
    return slots;
  }

  /** Takes the predictions of the buffer's rows: each coalition's value is link(mean of its rows). */
  store(out: Float64Array, link: LinkName): void {
    const { means, slotInstance, slotMask, results } = this;
    blockMeans(out, this.nbg, this.slots, means);
    for (let k = 0; k < this.slots; k++) {
      (results[slotInstance[k] as number] as Float64Array)[slotMask[k] as number] = applyLink(
        link,
        means[k] as number,
      );
    }
  }
}

/** means[k] = the mean of out[k·nbg … (k + 1)·nbg) for k < count, summed in order. */
function blockMeans(out: Float64Array, nbg: number, count: number, means: Float64Array): void {
  for (let k = 0; k < count; k++) {
    let s = 0;
    const o = k * nbg;
    for (let b = 0; b < nbg; b++) s += out[o + b] as number;
    means[k] = s / nbg;
  }
}

/**
 * Writes the rows of coalitions c0 … c1 − 1 of one instance from `offset`, `nbg` rows each: the
 * background block copied whole, then each instance feature of the coalition written down its
 * column. Column by column, the inner loop is one store of a constant per row; the row-by-row
 * scatter it replaces (a loop over the coalition's features in every row) took most of the time
 * outside the model (about 70 % of exact SHAP's under `node --cpu-prof`).
 */
function fillCoalitions(
  buffer: Float64Array,
  offset: number,
  bg: Float64Array,
  nbg: number,
  m: number,
  masks: Uint8Array,
  c0: number,
  c1: number,
  x: Float64Array,
): void {
  const block = nbg * m;
  let start = offset;
  for (let c = c0; c < c1; c++, start += block) {
    buffer.set(bg, start);
    const end = start + block;
    const mo = c * m;
    for (let j = 0; j < m; j++) {
      if (masks[mo + j] === 0) continue;
      const v = x[j] as number;
      let p = start + j;
      // four rows per iteration: the loop's own overhead was a fifth of this store loop's time
      for (const stop = end - 3 * m; p < stop; p += 4 * m) {
        buffer[p] = v;
        buffer[p + m] = v;
        buffer[p + 2 * m] = v;
        buffer[p + 3 * m] = v;
      }
      for (; p < end; p += m) buffer[p] = v;
    }
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
