import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AutoMlTask, TrainingSet } from '../../types.js';

const DATASETS =
  process.env.ASSAY_DATASETS_DIR ??
  fileURLToPath(new URL('../../../../../../../fixtures/datasets', import.meta.url));

/**
 * A numeric fixture data set (every column but the last is a number) as a {@link TrainingSet}:
 * text targets become class indices in sorted label order (scikit-learn's `LabelEncoder`),
 * numeric targets are regression values unless `task` says otherwise.
 */
export function loadNumericDataset(
  file: string,
  options: { float32?: boolean; task?: AutoMlTask } = {},
): TrainingSet & { header: string[] } {
  const lines = readFileSync(`${DATASETS}/${file}`, 'utf8').trim().split('\n');
  const header = (lines[0] as string).split(',');
  const cols = header.length - 1;
  const body = lines.slice(1).map((l) => l.split(','));
  const rows = body.length;
  const x = new Float64Array(rows * cols);
  body.forEach((r, i) => {
    for (let j = 0; j < cols; j++) {
      const v = Number(r[j]);
      x[i * cols + j] = options.float32 ? Math.fround(v) : v;
    }
  });
  const target = body.map((r) => r[cols] as string);
  const numeric = target.every((t) => t !== '' && Number.isFinite(Number(t)));
  if (numeric && options.task !== 'binary' && options.task !== 'multiclass') {
    return {
      header,
      x,
      rows,
      cols,
      y: Float64Array.from(target, Number),
      task: 'regression',
      nClasses: 0,
    };
  }
  const classes = [...new Set(target)].sort();
  const y = Float64Array.from(target, (t) => classes.indexOf(t));
  return {
    header,
    x,
    rows,
    cols,
    y,
    task: classes.length === 2 ? 'binary' : 'multiclass',
    nClasses: classes.length,
  };
}

/** Rows `indices` of a set, as a new set (for train / test splits). */
export function subset(set: TrainingSet, indices: ArrayLike<number>): TrainingSet {
  const { cols } = set;
  const x = new Float64Array(indices.length * cols);
  const y = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    x.set(set.x.subarray(i * cols, (i + 1) * cols), k * cols);
    y[k] = set.y[i] as number;
  }
  return { x, rows: indices.length, cols, y, task: set.task, nClasses: set.nClasses };
}

/** Every k-th row in the test part, the rest in the training part (deterministic, roughly stratified by order). */
export function splitEvery(set: TrainingSet, k: number): { train: TrainingSet; test: TrainingSet } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < set.rows; i++) (i % k === 0 ? test : train).push(i);
  return { train: subset(set, train), test: subset(set, test) };
}

export function accuracy(proba: Float64Array, y: Float64Array, nClasses: number): number {
  let hits = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < nClasses; c++)
      if ((proba[i * nClasses + c] as number) > (proba[i * nClasses + best] as number)) best = c;
    if (best === y[i]) hits++;
  }
  return hits / y.length;
}

export function r2(pred: Float64Array, y: Float64Array): number {
  let mean = 0;
  for (const v of y) mean += v;
  mean /= y.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.length; i++) {
    ssRes += ((y[i] as number) - (pred[i] as number)) ** 2;
    ssTot += ((y[i] as number) - mean) ** 2;
  }
  return 1 - ssRes / ssTot;
}
