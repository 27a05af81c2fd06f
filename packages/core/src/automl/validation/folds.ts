import { RandomState } from '../../linalg/randomState.js';
import type { AutoMlTask } from '../learners/types.js';

/** How a run validates its trials (see {@link chooseValidation}). */
export type ValidationPlan =
  | { kind: 'cv'; folds: number; stratified: boolean }
  | { kind: 'holdout'; fraction: number; stratified: boolean };

/**
 * Azure AutoML's rule: k-fold cross-validation with 10 folds under 1,000 rows, 3 folds up to
 * 20,000 rows, a 10 % holdout beyond; stratified for classification. Folds never exceed the
 * smallest class's count (each fold must see every class).
 */
export function chooseValidation(
  rows: number,
  task: AutoMlTask,
  smallestClass: number,
): ValidationPlan {
  const stratified = task !== 'regression';
  if (rows > 20_000) return { kind: 'holdout', fraction: 0.1, stratified };
  let folds = rows < 1000 ? 10 : 3;
  if (stratified) folds = Math.min(folds, Math.max(2, smallestClass));
  return { kind: 'cv', folds, stratified };
}

/** One split: indices of the rows a model trains on and of those it is scored on. */
export interface Split {
  train: Int32Array;
  test: Int32Array;
}

/**
 * The splits of a plan, seeded: rows are shuffled by NumPy's legacy MT19937 (`RandomState(seed)`),
 * then dealt to folds — for stratified plans class by class, so each fold holds every class in
 * about its overall share (as scikit-learn's StratifiedKFold intends; the assignment is ours).
 */
export function makeSplits(plan: ValidationPlan, y: Float64Array, seed: number): Split[] {
  const n = y.length;
  const rng = new RandomState(seed >>> 0);
  const folds = plan.kind === 'cv' ? plan.folds : Math.max(2, Math.round(1 / plan.fraction));
  const fold = new Int32Array(n);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = plan.stratified ? (y[i] as number) : 0;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  }
  let offset = 0;
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const members = Int32Array.from(groups.get(key) as number[]);
    rng.shuffle(members);
    // Continue dealing where the previous class stopped so that fold sizes stay balanced.
    members.forEach((row, t) => {
      fold[row] = (offset + t) % folds;
    });
    offset = (offset + members.length) % folds;
  }
  const splits: Split[] = [];
  const used = plan.kind === 'cv' ? folds : 1;
  for (let f = 0; f < used; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    splits.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return splits;
}
