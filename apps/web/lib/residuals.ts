import { readDataset } from '@assay/core/data';
import { ApiProblem, type AssayClient, type Schemas, unwrap } from './api';

/** The metrics that make a batch test a regression's (its residuals are worth drawing). */
const REGRESSION_METRICS = new Set([
  'mse',
  'rmse',
  'mae',
  'r2',
  'mape',
  'explainedVariance',
  'medianAbsoluteError',
]);

/** Whether a batch test is a regression's (it asked for a regression metric). */
export const isRegressionTest = (evaluation: Schemas['Evaluation']) =>
  evaluation.metrics.some((m) => REGRESSION_METRICS.has(m.name));

/** Rows predicted for the residual plots: enough to see their shape, bounded for the page. */
export const RESIDUAL_ROWS = 5_000;

export type Residuals =
  | { predicted: number[]; residuals: number[]; rows: number; of: number }
  | { reason: string };

/**
 * A regression batch test's residuals (true − predicted) for its first rows: the stored dataset
 * is read (the API keeps the file as uploaded) and the version predicts its features by name
 * (the version's input signature). The API stores the test's metrics, not its predictions, so
 * they are predicted again here; null when the test is not a regression's.
 */
export async function residualsOf(
  api: AssayClient,
  project: string,
  evaluation: Schemas['Evaluation'],
  target: string | null,
): Promise<Residuals | null> {
  if (!isRegressionTest(evaluation)) return null;
  if (!evaluation.datasetId) {
    return { reason: 'The batch test ran on data sent with it, which is not stored.' };
  }
  if (!target) return { reason: 'The batch test’s target column is not known to the portal.' };
  try {
    return await predictResiduals(api, project, evaluation, target);
  } catch (err) {
    // The page still shows the report: the residuals say why they are missing.
    if (err instanceof ApiProblem)
      return { reason: `The residuals could not be computed: ${err.message}` };
    if (err instanceof Error && err.name === 'InvalidInputError') {
      return { reason: `The dataset could not be read: ${err.message}` };
    }
    throw err;
  }
}

async function predictResiduals(
  api: AssayClient,
  project: string,
  evaluation: Schemas['Evaluation'],
  target: string,
): Promise<Residuals> {
  const version = await unwrap(
    api.GET('/v1/projects/{project}/models/{model}/versions/{version}', {
      params: { path: { project, model: evaluation.modelName, version: evaluation.version } },
    }),
  );
  const features = version.inputSignature?.features.map((f) => f.name);
  if (!features) {
    return { reason: 'The version has no input signature: its feature columns are not named.' };
  }
  // Checked by residualsOf before calling.
  const path = { project, dataset: evaluation.datasetId as string };
  const [dataset, content] = await Promise.all([
    unwrap(api.GET('/v1/projects/{project}/datasets/{dataset}', { params: { path } })),
    api.GET('/v1/projects/{project}/datasets/{dataset}/content', {
      params: { path },
      parseAs: 'arrayBuffer',
    }),
  ]);
  if (!content.data)
    return { reason: `The dataset could not be read (${content.response.status}).` };
  const table = await readDataset(new Uint8Array(content.data as ArrayBuffer), {
    format: dataset.format,
  });
  const rows = Math.min(table.rows, RESIDUAL_ROWS);
  const numeric = (name: string) => {
    const c = table.column(name);
    return c.kind === 'numeric' ? c.values : null;
  };
  const y = numeric(target);
  const columns = features.map(numeric);
  if (!y || columns.some((c) => c === null)) {
    return { reason: 'The target or a feature is not a numeric column.' };
  }
  const data = Array.from({ length: rows }, (_, i) => columns.map((c) => (c as Float64Array)[i]));
  const answer = await unwrap(
    api.POST('/v1/projects/{project}/models/{model}/predict', {
      params: { path: { project, model: evaluation.modelName } },
      body: { version: evaluation.version, rows: { columns: features, data } },
    }),
  );
  const predicted = (answer.outputs as number[][]).map((o) => Number(o[0]));
  return {
    predicted,
    residuals: predicted.map((p, i) => (y[i] as number) - p),
    rows,
    of: table.rows,
  };
}
