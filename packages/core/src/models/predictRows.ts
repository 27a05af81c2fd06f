import { InvalidInputError } from '../errors/index.js';
import type { Label } from '../labels/index.js';
import { isMatrix, type MatrixLike, toMatrix } from '../linalg/matrix.js';
import { argmaxClasses, predictBatches } from './predictBatches.js';
import { type Model, type ModelOutput, outputWidth } from './types.js';

/** A model's answer for each row: its outputs, and for classifiers the class it decides. */
export interface RowPredictions {
  kind: ModelOutput['kind'];
  /** Feature names in the order the rows were read. */
  features: string[];
  /** Per row: the regression outputs, P(classes[1]), or one probability per class. */
  outputs: number[][];
  /** Classifiers: the model's classes, in the order of `outputs`' columns. */
  classes?: Label[];
  /** Classifiers: the class decided for each row (the model's own rule, else argmax). */
  predicted?: Label[];
}

/**
 * Predicts rows of features with a loaded model, in batches of `batchRows` (default: the model's
 * preference, else 4096). Rows must have exactly as many finite numbers as the model has
 * features.
 */
export async function predictRows(
  model: Model,
  rows: MatrixLike,
  options: { batchRows?: number } = {},
): Promise<RowPredictions> {
  // A model over raw columns reads NaN as a missing value (see Model.rawValue): its coded
  // matrix passes as is; every other model gets finite numbers only.
  const x = model.rawValue !== undefined && isMatrix(rows) ? rows : toMatrix(rows, 'rows');
  const nFeatures = model.inputSchema.features.length;
  if (x.cols !== nFeatures) {
    const message = `rows have ${x.cols} values but the model takes ${nFeatures} features (${model.inputSchema.features.map((f) => f.name).join(', ')})`;
    throw new InvalidInputError(message, [{ path: ['rows'], message }]);
  }
  const batchRows = options.batchRows ?? model.preferredBatchRows ?? 4096;
  const { scores, classes } = await predictBatches(model, x, batchRows);
  const width = outputWidth(model.output);
  const outputs = Array.from({ length: x.rows }, (_, i) =>
    Array.from(scores.subarray(i * width, (i + 1) * width)),
  );
  const features = model.inputSchema.features.map((f) => f.name);
  if (model.output.kind === 'regression') return { kind: 'regression', features, outputs };
  return {
    kind: model.output.kind,
    features,
    outputs,
    classes: [...model.output.classes],
    predicted: classes ?? argmaxClasses(model, scores, x.rows),
  };
}
