import { InvalidInputError } from '../errors/index.js';
import type { Label } from '../labels/index.js';
import type { Matrix } from '../linalg/index.js';
import { type ColumnVariants, type Model, outputWidth } from '../models/types.js';

/**
 * `count` variants of one matrix for a model's {@link ColumnVariants}: `values[t]` holds
 * `count × rows` replacement values of its column t.
 */
export interface VariantInput {
  readonly variants: ColumnVariants;
  readonly values: readonly Float64Array[];
  readonly count: number;
}

/** What an explainer asks the model about: a matrix, or variants of one (stacked). */
export type PredictInput = Matrix | VariantInput;

function isVariant(x: PredictInput): x is VariantInput {
  return 'variants' in x;
}

/** Number of rows of a {@link PredictInput} (all variants together). */
export function inputRows(x: PredictInput): number {
  return isVariant(x) ? x.variants.rows * x.count : x.rows;
}

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
  async predictAll(x: PredictInput): Promise<Float64Array> {
    const rows = inputRows(x);
    const t0 = performance.now();
    const out = isVariant(x) ? x.variants.predict(x.values) : await this.model.predict(x);
    this.modelMs += performance.now() - t0;
    this.modelCalls++;
    this.modelRows += rows;
    if (out.length !== rows * this.width) {
      throw new Error(
        `model ${this.model.kind} returned ${out.length} values for ${rows} rows × ${this.width} outputs`,
      );
    }
    return out;
  }

  /** The selected output column, one value per row. */
  async predict(x: PredictInput): Promise<Float64Array> {
    const all = await this.predictAll(x);
    if (this.width === 1) return all;
    const rows = inputRows(x);
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) out[i] = all[i * this.width + this.outputIndex] as number;
    return out;
  }

  /** Predicted class labels (classifiers only). */
  async predictClasses(x: PredictInput): Promise<Label[]> {
    const { output } = this.model;
    if (output.kind === 'regression') {
      throw new InvalidInputError(
        `this scoring needs class predictions but the model (${this.model.kind}) is a regressor`,
      );
    }
    const rows = inputRows(x);
    if (this.model.predictClasses !== undefined) {
      const t0 = performance.now();
      let labels: Label[];
      if (!isVariant(x)) labels = await this.model.predictClasses(x);
      else if (x.variants.predictClasses !== undefined)
        labels = x.variants.predictClasses(x.values);
      else {
        throw new Error(
          `model ${this.model.kind} has predictClasses but its column variants do not`,
        );
      }
      this.modelMs += performance.now() - t0;
      this.modelCalls++;
      this.modelRows += rows;
      return labels;
    }
    const p = await this.predictAll(x);
    const classes = output.classes;
    if (output.kind === 'probability') {
      // argmax over [1 − p, p]: class 1 only when p > 1 − p (ties → class 0, as numpy.argmax)
      return Array.from(p, (v) => (v > 1 - v ? classes[1] : classes[0]) as Label);
    }
    const k = classes.length;
    const labels: Label[] = new Array(rows);
    for (let i = 0; i < rows; i++) {
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
