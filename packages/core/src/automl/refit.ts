import { encodeTable, transformRaw } from './featurize/transform.js';
import type { Hyperparameters, LearnerFamily } from './learners/types.js';
import { AUTOML_ARTIFACT_FORMAT, type AutoMlArtifact } from './pipeline/artifact.js';
import type { Study } from './study.js';

/**
 * Fits the chosen family and hyperparameters on every row of the study, featurized by the
 * featurization fitted on every row, and packs the pipeline as an AutoML artifact (what
 * `createAutoMlModel` loads). The fit stops growing at `deadline`.
 */
export async function refitPipeline(
  study: Study,
  choice: { family: LearnerFamily; hyperparameters: Hyperparameters },
  options: { deadline: number; signal?: AbortSignal | undefined },
): Promise<AutoMlArtifact> {
  const learner = study.learners.find((l) => l.family === choice.family);
  if (learner === undefined) {
    throw new Error(`family '${choice.family}' is not one of this study's: ${study.families}`);
  }
  const { data, fullSpec, rows, target, task, nClasses, settings } = study;
  const fitted = await learner.fit(
    {
      x: transformRaw(fullSpec, encodeTable(fullSpec, data), rows),
      rows,
      cols: fullSpec.outputs.length,
      y: target.y,
      task,
      nClasses,
    },
    choice.hyperparameters,
    {
      seed: settings.seed,
      deadline: options.deadline,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    },
  );
  return {
    format: AUTOML_ARTIFACT_FORMAT,
    version: 1,
    target: settings.target,
    task,
    classes: [...target.classes],
    featurizer: fullSpec,
    learner: fitted.toJSON(),
  };
}
