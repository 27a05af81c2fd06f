import type { Label } from '../labels/index.js';
import type { Matrix } from '../linalg/index.js';
import { type Model, outputWidth } from './types.js';

/** What a model said about every row of a matrix, predicted in batches. */
export interface BatchPredictions {
  /** `rows × outputWidth(model.output)` values, row-major. */
  scores: Float64Array;
  /** The model's own class decisions (`predictClasses`), when it has them. */
  classes: Label[] | undefined;
  /** Milliseconds inside the model's `predict` / `predictClasses`. */
  ms: number;
  /** Calls made to the model. */
  calls: number;
}

/**
 * Predicts every row of `x`, `batchRows` at a time, checking that the model returns as many
 * values (and class labels) as it should.
 */
export async function predictBatches(
  model: Model,
  x: Matrix,
  batchRows: number,
): Promise<BatchPredictions> {
  const width = outputWidth(model.output);
  const scores = new Float64Array(x.rows * width);
  const wantClasses = model.output.kind !== 'regression' && model.predictClasses !== undefined;
  const classes: Label[] | undefined = wantClasses ? new Array<Label>(x.rows) : undefined;
  let ms = 0;
  let calls = 0;
  for (let r0 = 0; r0 < x.rows; r0 += batchRows) {
    const rows = Math.min(batchRows, x.rows - r0);
    const batch: Matrix = {
      rows,
      cols: x.cols,
      data: x.data.subarray(r0 * x.cols, (r0 + rows) * x.cols),
    };
    const t0 = performance.now();
    const out = await model.predict(batch);
    const labels = classes === undefined ? undefined : await model.predictClasses?.(batch);
    ms += performance.now() - t0;
    calls += classes === undefined ? 1 : 2;
    if (out.length !== rows * width) {
      throw new Error(
        `model ${model.kind} returned ${out.length} values for ${rows} rows × ${width} outputs`,
      );
    }
    scores.set(out, r0 * width);
    if (classes !== undefined) {
      if (labels?.length !== rows) {
        throw new Error(`model ${model.kind} returned ${labels?.length} classes for ${rows} rows`);
      }
      for (let i = 0; i < rows; i++) classes[r0 + i] = labels[i] as Label;
    }
  }
  return { scores, classes, ms, calls };
}

/**
 * The class of each row from a classifier's probabilities: `probability` (one column, P of
 * `classes[1]`) picks by argmax over [1 − p, p], `probabilities` by argmax over the columns; a tie
 * goes to the first class, as numpy.argmax.
 */
export function argmaxClasses(model: Model, scores: Float64Array, n: number): Label[] {
  const { output } = model;
  if (output.kind === 'regression') throw new Error('a regressor has no classes');
  const classes = output.classes;
  if (output.kind === 'probability') {
    return Array.from(scores.subarray(0, n), (p) => (p > 1 - p ? classes[1] : classes[0]) as Label);
  }
  const k = classes.length;
  const out = new Array<Label>(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++)
      if ((scores[i * k + c] as number) > (scores[i * k + best] as number)) best = c;
    out[i] = classes[best] as Label;
  }
  return out;
}
