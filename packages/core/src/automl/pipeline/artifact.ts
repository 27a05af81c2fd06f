import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import type { Matrix } from '../../linalg/matrix.js';
import type { Model, ModelOutput } from '../../models/types.js';
import { ZLabelSchema } from '../../schemas/labels.js';
import { planOutputs } from '../featurize/fitFeaturizer.js';
import { encodeRawValue, transformRaw } from '../featurize/transform.js';
import type { FeaturizerSpec } from '../featurize/types.js';
import { reviveLearner } from '../learners/index.js';
import type { AutoMlTask, FittedLearner, SerializedLearner } from '../learners/types.js';

/** The `format` tag of an AutoML model artifact. */
export const AUTOML_ARTIFACT_FORMAT = 'assay-automl';

/**
 * An AutoML pipeline as one JSON document: the featurizer fitted on the training rows and the
 * learner refit on them, so that the model predicts from raw rows.
 */
export interface AutoMlArtifact {
  readonly format: typeof AUTOML_ARTIFACT_FORMAT;
  readonly version: 1;
  readonly target: string;
  readonly task: AutoMlTask;
  /** Classification: the classes in the order of the learner's outputs. */
  readonly classes: readonly (string | number)[];
  readonly featurizer: FeaturizerSpec;
  readonly learner: SerializedLearner;
}

const ZArtifactSchema = z.object({
  format: z.literal(AUTOML_ARTIFACT_FORMAT),
  version: z.literal(1),
  target: z.string().min(1),
  task: z.enum(['binary', 'multiclass', 'regression']),
  classes: z.array(ZLabelSchema),
  featurizer: z.object({
    version: z.literal(1),
    columns: z
      .array(
        z.discriminatedUnion('type', [
          z
            .object({
              name: z.string().min(1),
              type: z.enum(['numeric', 'categorical', 'datetime']),
            })
            .passthrough(),
          // Hashed columns (high cardinality) came after the first artifacts; version 1 still
          // reads both, an artifact without them is unchanged.
          z
            .object({
              name: z.string().min(1),
              type: z.literal('hashed'),
              nFeatures: z.number().int().min(1),
              nCategories: z.number().int().min(0),
              mostFrequentHash: z
                .number()
                .int()
                .min(-(2 ** 31))
                .max(2 ** 31 - 1),
              indicator: z.boolean(),
            })
            .passthrough(),
        ]),
      )
      .min(1),
    dropped: z.array(z.unknown()),
    outputs: z.array(z.string()).min(1),
    sources: z.array(z.number().int().min(0)),
  }),
  learner: z.object({
    family: z.string(),
    version: z.literal(1),
    task: z.enum(['binary', 'multiclass', 'regression']),
    nClasses: z.number().int().min(0),
    cols: z.number().int().min(0),
    hyperparameters: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
    state: z.unknown(),
  }),
});

function fail(message: string): never {
  throw new InvalidInputError(message, [{ path: ['bytes'], message }]);
}

/** A loaded AutoML pipeline: a {@link Model} over raw columns, and its parts. */
export interface AutoMlModel extends Model {
  readonly featurizer: FeaturizerSpec;
  readonly learner: FittedLearner;
  readonly artifact: AutoMlArtifact;
}

/**
 * The {@link Model} of an AutoML artifact. Its features are the raw columns the featurizer kept;
 * the matrix `predict` reads holds their raw codes ({@link Model.rawValue}: numbers, category
 * indices, MurmurHash3 hashes of hashed categories, dates in ms, NaN for missing), so that predictions, batch tests and explainers work on
 * raw rows and attribute to raw columns.
 * @throws InvalidInputError when the document is malformed or its parts disagree.
 */
export function createAutoMlModel(doc: unknown): AutoMlModel {
  const parsed = ZArtifactSchema.safeParse(doc);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    fail(`invalid ${AUTOML_ARTIFACT_FORMAT} artifact: ${detail}`);
  }
  const artifact = doc as AutoMlArtifact;
  const { featurizer, task, classes } = artifact;
  if (featurizer.sources.length !== featurizer.outputs.length) {
    fail('featurizer.sources must have one entry per output');
  }
  if (featurizer.columns.some((c) => c.type === 'hashed')) {
    // transformRaw writes nFeatures columns per hashed plan: the outputs must have room for them.
    const width = featurizer.columns.reduce((n, plan) => n + planOutputs(plan).length, 0);
    if (width !== featurizer.outputs.length) {
      fail(
        `the featurizer's columns make ${width} features but it lists ${featurizer.outputs.length} outputs`,
      );
    }
  }
  if (artifact.learner.cols !== featurizer.outputs.length) {
    fail(
      `the learner takes ${artifact.learner.cols} features but the featurizer makes ${featurizer.outputs.length}`,
    );
  }
  const nClasses = task === 'regression' ? 0 : classes.length;
  if (artifact.learner.task !== task || artifact.learner.nClasses !== nClasses) {
    fail(
      `the learner is a ${artifact.learner.task} model of ${artifact.learner.nClasses} classes; the artifact says ${task} with ${nClasses}`,
    );
  }
  if (task === 'binary' && classes.length !== 2) fail('a binary artifact has exactly 2 classes');
  let learner: FittedLearner;
  try {
    learner = reviveLearner(artifact.learner);
  } catch (error) {
    fail((error as Error).message);
  }
  const output: ModelOutput =
    task === 'regression'
      ? { kind: 'regression', nOutputs: 1 }
      : task === 'binary'
        ? {
            kind: 'probability',
            classes: [classes[0] as string | number, classes[1] as string | number],
          }
        : { kind: 'probabilities', classes: [...classes] };
  return {
    kind: `automl:${learner.family}`,
    inputSchema: {
      features: featurizer.columns.map((c) => ({ name: c.name, type: 'numeric' as const })),
    },
    output,
    featurizer,
    learner,
    artifact,
    preferredBatchRows: 1024,
    rawValue(feature: number, value: unknown): number {
      const plan = featurizer.columns[feature];
      if (plan === undefined) throw new RangeError(`feature ${feature} is out of range`);
      return encodeRawValue(plan, value);
    },
    predict(x: Matrix): Float64Array {
      const engineered = transformRaw(featurizer, x.data, x.rows);
      const out = learner.predict(engineered, x.rows);
      if (task !== 'binary') return out;
      // A binary model's output is one column: P(classes[1]).
      return Float64Array.from({ length: x.rows }, (_, i) => out[i * 2 + 1] as number);
    },
  };
}
