import { InvalidInputError } from '../../../errors/index.js';
import type { FitOptions, HyperparameterDomain, Hyperparameters, TrainingSet } from '../types.js';

/**
 * The deadline and cancellation of one fit. A fit runs synchronous loops; `checkpoint` between
 * rounds throws the signal's reason once aborted, and every ~50 ms yields one macrotask so that an
 * abort (or a job's heartbeat) scheduled on the same thread gets to run at all.
 */
export class FitControl {
  private lastYield = Date.now();

  constructor(private readonly options: FitOptions) {}

  /** True once the deadline has passed: the fit stops growing and returns what it has. */
  expired(): boolean {
    return this.options.deadline !== undefined && Date.now() >= this.options.deadline;
  }

  throwIfAborted(): void {
    const signal = this.options.signal;
    if (signal?.aborted) throw signal.reason ?? new Error('the fit was aborted');
  }

  async checkpoint(): Promise<void> {
    this.throwIfAborted();
    if (Date.now() - this.lastYield >= 50) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      this.lastYield = Date.now();
      this.throwIfAborted();
    }
  }
}

/**
 * One hyperparameter, defaulting to the domain's `init` and checked against it: an integer
 * or float within `[low, high]`, or one of a choice's values.
 */
export function hyperparameter(
  family: string,
  space: Readonly<Record<string, HyperparameterDomain>>,
  given: Hyperparameters,
  name: string,
): number | string | boolean {
  const domain = space[name];
  if (domain === undefined) throw new InvalidInputError(`${family} has no hyperparameter ${name}`);
  const v = given[name] ?? domain.init;
  if (domain.kind === 'choice') {
    if (!domain.values.includes(v)) {
      throw new InvalidInputError(
        `${family}: ${name} is ${JSON.stringify(v)}; expected one of ${domain.values.map((c) => JSON.stringify(c)).join(', ')}`,
      );
    }
    return v;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || v < domain.low || v > domain.high) {
    throw new InvalidInputError(
      `${family}: ${name} is ${JSON.stringify(v)}; expected a number in [${domain.low}, ${domain.high}]`,
    );
  }
  if (domain.kind === 'int' && !Number.isInteger(v)) {
    throw new InvalidInputError(`${family}: ${name} is ${v}; expected an integer`);
  }
  return v;
}

/** Rejects names the family does not know, so a typo is not silently the default. */
export function assertKnownHyperparameters(
  family: string,
  space: Readonly<Record<string, HyperparameterDomain>>,
  given: Hyperparameters,
): void {
  for (const name of Object.keys(given)) {
    if (!(name in space)) {
      throw new InvalidInputError(
        `${family} has no hyperparameter ${name}; known: ${Object.keys(space).join(', ')}`,
      );
    }
  }
}

/** Every hyperparameter of the space, given or defaulted (what a fitted model records). */
export function resolveHyperparameters(
  family: string,
  space: Readonly<Record<string, HyperparameterDomain>>,
  given: Hyperparameters,
): Record<string, number | string | boolean> {
  assertKnownHyperparameters(family, space, given);
  const out: Record<string, number | string | boolean> = {};
  for (const name of Object.keys(space)) out[name] = hyperparameter(family, space, given, name);
  return out;
}

/** Checks a training set's shape: sizes agree, values finite, class indices in range. */
export function assertTrainingSet(set: TrainingSet, what = 'training set'): void {
  const { x, rows, cols, y, task, nClasses } = set;
  if (!Number.isInteger(rows) || rows < 1)
    throw new InvalidInputError(`${what} needs at least one row`);
  if (!Number.isInteger(cols) || cols < 1)
    throw new InvalidInputError(`${what} needs at least one column`);
  if (x.length !== rows * cols) {
    throw new InvalidInputError(
      `${what}: x has ${x.length} values but rows × cols is ${rows * cols}`,
    );
  }
  if (y.length !== rows)
    throw new InvalidInputError(`${what}: y has ${y.length} values but there are ${rows} rows`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i] as number)) {
      throw new InvalidInputError(
        `${what}: x[${i}] is ${x[i]}; every feature value must be finite`,
      );
    }
  }
  if (task === 'regression') {
    for (let i = 0; i < rows; i++) {
      if (!Number.isFinite(y[i] as number))
        throw new InvalidInputError(`${what}: y[${i}] is ${y[i]}; expected a finite number`);
    }
  } else {
    if (!Number.isInteger(nClasses) || nClasses < 2) {
      throw new InvalidInputError(`${what}: a ${task} task needs nClasses ≥ 2, got ${nClasses}`);
    }
    if (task === 'binary' && nClasses !== 2)
      throw new InvalidInputError(`${what}: a binary task has nClasses 2, got ${nClasses}`);
    for (let i = 0; i < rows; i++) {
      const c = y[i] as number;
      if (!Number.isInteger(c) || c < 0 || c >= nClasses) {
        throw new InvalidInputError(
          `${what}: y[${i}] is ${c}; expected a class index in 0…${nClasses - 1}`,
        );
      }
    }
  }
  const w = set.sampleWeight;
  if (w !== undefined) {
    if (w.length !== rows)
      throw new InvalidInputError(
        `${what}: sampleWeight has ${w.length} values but there are ${rows} rows`,
      );
    for (let i = 0; i < rows; i++) {
      const v = w[i] as number;
      if (!Number.isFinite(v) || v < 0)
        throw new InvalidInputError(`${what}: sampleWeight[${i}] is ${v}; expected ≥ 0`);
    }
  }
}

/** Checks the rows given to `predict` against the fitted width. */
export function assertPredictInput(x: Float64Array, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || rows < 0)
    throw new InvalidInputError(`rows must be a non-negative integer, got ${rows}`);
  if (x.length !== rows * cols) {
    throw new InvalidInputError(
      `x has ${x.length} values but ${rows} rows × ${cols} features is ${rows * cols}`,
    );
  }
}
