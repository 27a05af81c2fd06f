import type { DataTable } from '../data/types.js';
import { InvalidInputError } from '../errors/index.js';
import { parseWith } from '../errors/zodIssues.js';
import type { Label } from '../labels/index.js';
import { type FeaturizerOptions, fitFeaturizer } from './featurize/fitFeaturizer.js';
import { encodeTable, transformRaw } from './featurize/transform.js';
import type { FeaturizerSpec } from './featurize/types.js';
import { type Guardrail, runGuardrails } from './guardrails/guardrails.js';
import { learners as registeredLearners } from './learners/index.js';
import type { AutoMlTask, Learner, LearnerFamily, TrainingSet } from './learners/types.js';
import { type PreparedTarget, prepareTarget } from './prepareTarget.js';
import { type AutoMlMetric, defaultMetric, greaterIsBetter, metricFits } from './scoring.js';
import { type AutoMlSettings, type TAutoMlSettings, ZAutoMlSettingsSchema } from './settings.js';
import { sliceTable } from './sliceTable.js';
import { chooseValidation, makeSplits, type ValidationPlan } from './validation/folds.js';

/** The learners a study may use, by family (tests pass their own). */
export type LearnerSet = Partial<Record<LearnerFamily, Learner>>;

/** One fold of the cross-validation, featurized by a featurizer fitted on its training rows. */
export interface FoldData {
  readonly train: TrainingSet;
  readonly testX: Float64Array;
  readonly testY: Float64Array;
  readonly testRows: number;
}

/**
 * What the search needs to know of a study, and all it needs: plain JSON, so a search can run
 * where the data is not (the API's job, with trials in compute threads and on other workers).
 */
export interface StudySummary {
  readonly settings: AutoMlSettings;
  readonly task: AutoMlTask;
  readonly classes: readonly Label[];
  readonly metric: AutoMlMetric;
  readonly greaterIsBetter: boolean;
  readonly validation: ValidationPlan;
  readonly guardrails: readonly Guardrail[];
  /** Rows with a target. */
  readonly rows: number;
  /** The families searched, in the order asked. */
  readonly families: readonly LearnerFamily[];
  /** Each fold's training rows and featurized width (the search's cost proxies). */
  readonly foldShapes: readonly { readonly rows: number; readonly cols: number }[];
}

/** A prepared run: its summary, plus the featurized folds and the full table that trials and the refit read. */
export interface Study extends StudySummary {
  readonly learners: readonly Learner[];
  readonly target: PreparedTarget;
  readonly nClasses: number;
  /** The feature columns, target rows only. */
  readonly data: DataTable;
  /** The featurization fitted on every row (the refit's and the artifact's). */
  readonly fullSpec: FeaturizerSpec;
  readonly folds: readonly FoldData[];
}

function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/** The plain-JSON part of a study (what crosses a thread or a queue): all but the data. */
export function summarizeStudy(study: Study): StudySummary {
  const {
    learners: _l,
    target: _t,
    nClasses: _n,
    data: _d,
    fullSpec: _s,
    folds: _f,
    ...summary
  } = study;
  return summary;
}

/** The learners of `families` that `available` has and that fit `task`, in order. */
export function chooseLearners(
  available: LearnerSet,
  families: readonly LearnerFamily[] | undefined,
  task: AutoMlTask,
): Learner[] {
  const wanted = families ?? (Object.keys(available) as LearnerFamily[]);
  const chosen = wanted
    .map((family) => available[family])
    .filter((l): l is Learner => l?.supports(task) === true);
  if (chosen.length === 0) {
    const names = Object.values(available)
      .filter((l) => l?.supports(task))
      .map((l) => l?.family);
    fail(
      `none of the families ${JSON.stringify(wanted)} is available for a ${task} task; available: ${names.join(', ') || 'none'}`,
      ['families'],
    );
  }
  return chosen;
}

/**
 * Prepares a run on a table: validates the settings, reads the target (task detected when not
 * given), fits the featurization on every row and runs the guardrails, draws the folds from the
 * seed and featurizes each fold with a featurizer fitted on its own training rows. Deterministic:
 * the same table and settings give the same study in any process, which is what lets a trial run
 * on another worker than the search that proposed it.
 *
 * @throws InvalidInputError on bad settings (unknown columns, a metric that does not fit the
 * task, no available family), and as {@link prepareTarget} / {@link fitFeaturizer}.
 */
export function prepareStudy(
  table: DataTable,
  input: TAutoMlSettings,
  options: { learners?: LearnerSet; featurizer?: FeaturizerOptions; signal?: AbortSignal } = {},
): Study {
  const settings = parseWith(ZAutoMlSettingsSchema, input);
  settings.excludedColumns.forEach((name, j) => {
    if (!table.columns.includes(name)) {
      fail(
        `excludedColumns[${j}] is '${name}', which is not a column; columns: ${table.columns.join(', ')}`,
        ['excludedColumns', j],
      );
    }
  });
  const target = prepareTarget(table, settings.target, settings.task);
  const task = target.task;
  const metric = settings.primaryMetric ?? defaultMetric(task);
  if (!metricFits(metric, task))
    fail(`primaryMetric '${metric}' does not apply to a ${task} task`, ['primaryMetric']);
  const excluded = new Set([settings.target, ...settings.excludedColumns]);
  const features = table.columns.filter((c) => !excluded.has(c));
  if (features.length === 0)
    fail('no feature column is left once the target and excludedColumns are removed', [
      'excludedColumns',
    ]);
  const chosen = chooseLearners(options.learners ?? registeredLearners, settings.families, task);

  const data = sliceTable(table, features, target.rows);
  const n = data.rows;
  const nClasses = task === 'regression' ? 0 : target.classes.length;
  const fullSpec = fitFeaturizer(data, features, options.featurizer);
  const smallestClass =
    task === 'regression'
      ? n
      : Math.min(...target.classes.map((_, k) => target.y.filter((v) => v === k).length));
  const validation = chooseValidation(n, task, smallestClass);
  const guardrails = runGuardrails(
    data,
    fullSpec,
    { ...target, rows: Int32Array.from({ length: n }, (_, i) => i) },
    validation,
    options.featurizer,
  );
  const folds: FoldData[] = [];
  for (const split of makeSplits(validation, target.y, settings.seed)) {
    options.signal?.throwIfAborted();
    const train = sliceTable(data, features, split.train);
    const test = sliceTable(data, features, split.test);
    const spec = fitFeaturizer(train, features, options.featurizer);
    folds.push({
      train: {
        x: transformRaw(spec, encodeTable(spec, train), train.rows),
        rows: train.rows,
        cols: spec.outputs.length,
        y: Float64Array.from(split.train, (i) => target.y[i] as number),
        task,
        nClasses,
      },
      testX: transformRaw(spec, encodeTable(spec, test), test.rows),
      testY: Float64Array.from(split.test, (i) => target.y[i] as number),
      testRows: test.rows,
    });
  }
  return {
    settings,
    task,
    classes: target.classes,
    metric,
    greaterIsBetter: greaterIsBetter(metric),
    validation,
    guardrails,
    rows: n,
    families: chosen.map((l) => l.family),
    foldShapes: folds.map((f) => ({ rows: f.train.rows, cols: f.train.cols })),
    learners: chosen,
    target,
    nClasses,
    data,
    fullSpec,
    folds,
  };
}
