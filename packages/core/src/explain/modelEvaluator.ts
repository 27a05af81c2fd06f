import { InvalidInputError } from '../errors/index.js';
import type { Label } from '../labels/index.js';
import type { Matrix } from '../linalg/index.js';
import { type ColumnVariants, type Model, outputWidth } from '../models/types.js';

/**
 * `count` variants of one matrix for each group of a model's {@link ColumnVariants}:
 * `values[g][t]` holds `count × rows` replacement values of group g's column t.
 */
export interface VariantInput {
  readonly variants: ColumnVariants;
  readonly values: readonly (readonly Float64Array[])[];
  readonly count: number;
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

  /**
   * The model's {@link ColumnVariants} of `x` for disjoint column `groups`, or undefined when it
   * has none (or declines). Preparing them is model time.
   */
  columnVariants(x: Matrix, groups: readonly (readonly number[])[]): ColumnVariants | undefined {
    if (this.model.columnVariants === undefined) return undefined;
    const t0 = performance.now();
    const variants = this.model.columnVariants(x, groups);
    this.modelMs += performance.now() - t0;
    if (variants === undefined || variants.rows !== x.rows) return undefined;
    // classifiers that decide by margin must be able to decide on the variants too
    if (this.model.predictClasses !== undefined && variants.predictClasses === undefined)
      return undefined;
    return variants;
  }

  /** Per group, all output columns of its `count` variants (`count × rows × width`). */
  predictAllVariants(x: VariantInput): Float64Array[] {
    const rows = x.count * x.variants.rows;
    const t0 = performance.now();
    const outs = x.variants.predict(x.values);
    this.modelMs += performance.now() - t0;
    this.modelCalls++;
    this.modelRows += rows * x.values.length;
    if (outs.length !== x.values.length || outs.some((o) => o.length !== rows * this.width)) {
      throw new Error(
        `model ${this.model.kind} returned the wrong number of values for ${x.values.length} groups of ${rows} rows × ${this.width} outputs`,
      );
    }
    return outs;
  }

  /** Per group, the selected output column of its `count` variants. */
  predictVariants(x: VariantInput): Float64Array[] {
    return this.predictAllVariants(x).map((all) => this.selected(all));
  }

  /** Per group, the predicted classes of its `count` variants (classifiers only). */
  predictClassesVariants(x: VariantInput): Label[][] {
    const output = this.classifierOutput();
    const classes = x.variants.predictClasses;
    if (this.model.predictClasses !== undefined && classes !== undefined) {
      const t0 = performance.now();
      const labels = classes(x.values);
      this.modelMs += performance.now() - t0;
      this.modelCalls++;
      this.modelRows += x.count * x.variants.rows * x.values.length;
      return labels;
    }
    return this.predictAllVariants(x).map((p) => argmaxClasses(output, p));
  }

  private selected(all: Float64Array): Float64Array {
    if (this.width === 1) return all;
    const rows = all.length / this.width;
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) out[i] = all[i * this.width + this.outputIndex] as number;
    return out;
  }

  private classifierOutput(): Exclude<Model['output'], { kind: 'regression' }> {
    const { output } = this.model;
    if (output.kind === 'regression') {
      throw new InvalidInputError(
        `this scoring needs class predictions but the model (${this.model.kind}) is a regressor`,
      );
    }
    return output;
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
    return this.selected(await this.predictAll(x));
  }

  /** Predicted class labels (classifiers only). */
  async predictClasses(x: Matrix): Promise<Label[]> {
    const output = this.classifierOutput();
    if (this.model.predictClasses !== undefined) {
      const t0 = performance.now();
      const labels = await this.model.predictClasses(x);
      this.modelMs += performance.now() - t0;
      this.modelCalls++;
      this.modelRows += x.rows;
      return labels;
    }
    return argmaxClasses(output, await this.predictAll(x));
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

/**
 * The class of each row from a classifier's probabilities: `probability` (P of `classes[1]`) by
 * argmax over [1 − p, p], `probabilities` by argmax over the columns; ties go to the first class,
 * as numpy.argmax.
 */
function argmaxClasses(
  output: Exclude<Model['output'], { kind: 'regression' }>,
  p: Float64Array,
): Label[] {
  const classes = output.classes;
  if (output.kind === 'probability') {
    // class 1 only when p > 1 − p (ties → class 0)
    return Array.from(p, (v) => (v > 1 - v ? classes[1] : classes[0]) as Label);
  }
  const k = classes.length;
  const rows = p.length / k;
  const labels: Label[] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++)
      if ((p[i * k + c] as number) > (p[i * k + best] as number)) best = c;
    labels[i] = classes[best] as Label;
  }
  return labels;
}
