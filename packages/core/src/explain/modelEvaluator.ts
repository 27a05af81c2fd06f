import { InvalidInputError } from '../errors/index.js';
import type { Label } from '../labels/index.js';
import type { Matrix } from '../linalg/index.js';
import { type Model, outputWidth } from '../models/types.js';

/** Where an explanation's time went. */
export interface ExplanationTiming {
  /** Wall time of the whole explanation, in milliseconds. */
  totalMs: number;
  /** Time spent inside the model's `predict`, in milliseconds. */
  modelMs: number;
  /** Number of `predict` calls. */
  modelCalls: number;
  /** Number of rows predicted. */
  modelRows: number;
  /** modelMs / totalMs: how much of the cost is the model's. */
  modelShare: number;
}

/**
 * Wraps a {@link Model} for an explainer: checks the width of every answer, picks one output
 * column, and counts the calls, rows and time spent in the model.
 */
export class ModelEvaluator {
  readonly width: number;
  modelMs = 0;
  modelCalls = 0;
  modelRows = 0;
  private readonly started = performance.now();

  constructor(
    readonly model: Model,
    readonly outputIndex = 0,
  ) {
    this.width = outputWidth(model.output);
    if (!Number.isInteger(outputIndex) || outputIndex < 0 || outputIndex >= this.width) {
      const message = `output is ${outputIndex} but the model has ${this.width} output column(s)`;
      throw new InvalidInputError(message, [{ path: ['output'], message }]);
    }
  }

  /** Checks that a data matrix has as many columns as the model has features. */
  checkFeatures(name: string, x: Matrix): void {
    const n = this.model.inputSchema.features.length;
    if (x.cols !== n) {
      const message = `${name} has ${x.cols} features but the model expects ${n}`;
      throw new InvalidInputError(message, [{ path: [name], message }]);
    }
  }

  /** All output columns, `x.rows × width`. */
  async predictAll(x: Matrix): Promise<Float64Array> {
    const t0 = performance.now();
    const out = await this.model.predict(x);
    this.modelMs += performance.now() - t0;
    this.modelCalls++;
    this.modelRows += x.rows;
    if (out.length !== x.rows * this.width) {
      throw new Error(
        `model ${this.model.kind} returned ${out.length} values for ${x.rows} rows × ${this.width} outputs`,
      );
    }
    return out;
  }

  /** The selected output column, one value per row. */
  async predict(x: Matrix): Promise<Float64Array> {
    const all = await this.predictAll(x);
    if (this.width === 1) return all;
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) out[i] = all[i * this.width + this.outputIndex] as number;
    return out;
  }

  /** Predicted class labels (classifiers only). */
  async predictClasses(x: Matrix): Promise<Label[]> {
    const { output } = this.model;
    if (output.kind === 'regression') {
      throw new InvalidInputError(
        `this scoring needs class predictions but the model (${this.model.kind}) is a regressor`,
      );
    }
    if (this.model.predictClasses !== undefined) {
      const t0 = performance.now();
      const labels = await this.model.predictClasses(x);
      this.modelMs += performance.now() - t0;
      this.modelCalls++;
      this.modelRows += x.rows;
      return labels;
    }
    const p = await this.predictAll(x);
    const classes = output.classes;
    if (output.kind === 'probability') {
      // argmax over [1 − p, p]: class 1 only when p > 1 − p (ties → class 0, as numpy.argmax)
      return Array.from(p, (v) => (v > 1 - v ? classes[1] : classes[0]) as Label);
    }
    const k = classes.length;
    const labels: Label[] = new Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++)
        if ((p[i * k + c] as number) > (p[i * k + best] as number)) best = c;
      labels[i] = classes[best] as Label;
    }
    return labels;
  }

  timing(): ExplanationTiming {
    const totalMs = performance.now() - this.started;
    return {
      totalMs,
      modelMs: this.modelMs,
      modelCalls: this.modelCalls,
      modelRows: this.modelRows,
      modelShare: totalMs > 0 ? Math.min(1, this.modelMs / totalMs) : 0,
    };
  }
}
