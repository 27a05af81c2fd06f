import {
  checkEvaluationRequest,
  type DatasetFingerprint,
  type DataTable,
  datasetFingerprint,
  evaluateModel,
  type Model,
  type ModelLoadContext,
  parseDataset,
  readDataset,
} from '@assay/core';
import {
  type Dataset,
  type Evaluation,
  type EvaluationMetric,
  type Job,
  type JsonValue,
  MAX_EVALUATION_JSON_BYTES,
  type Project,
  type Registry,
} from '@assay/registry';
import type { z } from 'zod';
import { requestFingerprint } from '../http/idempotency.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { modelLoadContext, type Outbound } from '../outbound/outbound.js';
import { loadVersionModel, resolveVersion } from '../predictions/load-version-model.js';
import type { ModelCache } from '../predictions/model-cache.js';
import type { ZEvaluationSpecSchema, ZRunEvaluationBodySchema } from './run-evaluation.contract.js';

type EvaluationSpec = z.infer<typeof ZEvaluationSpecSchema>;
type EvaluationInput = Parameters<Registry['evaluations']['create']>[0];
type Report = Awaited<ReturnType<typeof evaluateModel>>;

/** The data an evaluation runs on: the file's bytes, the table read from them, its stored id. */
export interface EvaluationData {
  bytes: Uint8Array;
  table: DataTable;
  datasetId?: string;
}

/**
 * A batch test without the storing, within the request: resolve and load the version (cached),
 * let the core predict and score the table, and shape the report as the registry stores it.
 * Jobs run the same core call in a compute thread and shape it with {@link toEvaluationInput}.
 */
export async function evaluateVersion(
  registry: Registry,
  models: ModelCache<Model>,
  context: ModelLoadContext,
  project: Project,
  spec: EvaluationSpec,
  data: EvaluationData,
  actor: string,
): Promise<{ report: Report; evaluation: EvaluationInput }> {
  const version = await resolveVersion(registry, project, spec.model, spec);
  const model = await loadVersionModel(registry, models, version, context);
  const report = await evaluateModel({
    model,
    table: data.table,
    target: spec.target,
    metrics: spec.metrics,
    ...(spec.features ? { features: spec.features } : {}),
    ...(spec.confidence ? { confidence: spec.confidence } : {}),
  });
  const fingerprint = datasetFingerprint(data.bytes, data.table);
  return {
    report,
    evaluation: toEvaluationInput(project, spec.model, version.number, report, fingerprint, {
      actor,
      ...(data.datasetId ? { datasetId: data.datasetId } : {}),
    }),
  };
}

/** A metric result as JSON: typed arrays as arrays, non-finite numbers as null (as answered). */
function jsonResult(result: unknown): Record<string, JsonValue> {
  return JSON.parse(
    JSON.stringify(result, (_key, value: unknown) =>
      ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value,
    ),
  ) as Record<string, JsonValue>;
}

/** Room left for structured results in an evaluation's metrics (the registry's JSON budget). */
const RESULT_BUDGET_BYTES = MAX_EVALUATION_JSON_BYTES - 64 * 1024;

/**
 * Each metric's structured result (a confusion matrix, curves, per-group tables: anything beyond
 * its `value`), in request order while they fit the registry's budget for an evaluation's
 * metrics; one that does not fit is left out with the reason (`resultOmitted`), never silently.
 */
function structuredResults(report: Report): Map<number, Partial<EvaluationMetric>> {
  const out = new Map<number, Partial<EvaluationMetric>>();
  let used = 0;
  report.metrics.forEach((m, i) => {
    const result = m.result as Record<string, unknown>;
    if (Object.keys(result).every((key) => key === 'value')) return;
    const json = jsonResult(result);
    const bytes = Buffer.byteLength(JSON.stringify(json), 'utf8');
    if (used + bytes > RESULT_BUDGET_BYTES) {
      out.set(i, {
        resultOmitted: `the result (${bytes} bytes of JSON) does not fit what an evaluation stores (${MAX_EVALUATION_JSON_BYTES} bytes for all its metrics); it is in the report the request or the job answered`,
      });
      return;
    }
    used += bytes;
    out.set(i, { result: json });
  });
  return out;
}

/**
 * The core's report as the registry stores an evaluation (values, signatures, intervals, and
 * structured results such as matrices and curves).
 */
export function toEvaluationInput(
  project: Project,
  modelName: string,
  version: number,
  report: Report,
  fingerprint: DatasetFingerprint,
  options: { actor: string | null; datasetId?: string },
): EvaluationInput {
  const structured = structuredResults(report);
  return {
    projectId: project.id,
    modelName,
    version,
    ...(options.datasetId ? { datasetId: options.datasetId } : {}),
    dataset: {
      sha256: fingerprint.sha256,
      rows: fingerprint.rows,
      columns: fingerprint.columns.map((c) => c.name),
    },
    metrics: report.metrics.map((m, i) => ({
      name: m.name,
      value: m.value !== null && Number.isFinite(m.value) ? m.value : null,
      signature: { signature: m.signature, params: JSON.parse(JSON.stringify(m.params)) },
      ...(m.confidenceInterval
        ? {
            confidenceInterval: {
              lower: m.confidenceInterval.low,
              upper: m.confidenceInterval.high,
              level: m.confidenceInterval.level,
              method: `bootstrap-${m.confidenceInterval.method}`,
            },
          }
        : {}),
      ...structured.get(i),
    })),
    ...(options.actor ? { createdBy: options.actor } : {}),
  };
}

/** A stored dataset's bytes and table (bytes verified against its sha256). */
export async function loadDataset(registry: Registry, dataset: Dataset): Promise<EvaluationData> {
  const bytes = await registry.datasets.read(dataset);
  const table = await readDataset(bytes, { format: dataset.format });
  return { bytes, table, datasetId: dataset.id };
}

export type StartedEvaluation =
  | { status: 201; evaluation: Evaluation; report: Report }
  | { status: 202; job: Job };

/**
 * `POST …/evaluations`: runs the batch test within the request, or stores the data as a dataset
 * (when it came inline) and queues a job for it — when asked to (`async`), or when the dataset
 * has more rows than `syncMaxRows`.
 */
export async function startEvaluation(
  deps: {
    registry: Registry;
    models: ModelCache<Model>;
    outbound: Outbound;
    queue: JobQueue;
    syncMaxRows: number;
  },
  project: Project,
  request: z.infer<typeof ZRunEvaluationBodySchema>,
  actor: string,
  idempotencyKey?: string,
): Promise<StartedEvaluation> {
  const { registry, models, queue } = deps;
  const { dataset, async: asked, ...spec } = request;
  if (idempotencyKey !== undefined && asked === false) {
    throw new ProblemError(
      problem(
        400,
        'invalid-request',
        'async: false with an Idempotency-Key: a keyed request runs as a job, so that a retry finds it; drop one of them',
        { errors: [{ path: 'body.async', message: 'must not be false with an Idempotency-Key' }] },
      ),
    );
  }
  const fingerprint =
    idempotencyKey === undefined ? undefined : requestFingerprint('evaluation', request);
  if (idempotencyKey !== undefined && fingerprint !== undefined) {
    // A retry: the job the first request started (nothing stored again).
    const earlier = await registry.jobs.findByIdempotencyKey(
      project.id,
      idempotencyKey,
      fingerprint,
    );
    if (earlier !== null) return { status: 202, job: earlier };
  }
  let inline: EvaluationData | undefined;
  let rows: number;
  let stored: Dataset | undefined;
  if ('content' in dataset) {
    const bytes = new TextEncoder().encode(dataset.content);
    inline = { bytes, table: parseDataset(bytes, { format: dataset.format }) };
    rows = inline.table.rows;
  } else {
    const found = await registry.datasets.get(project.id, dataset.id);
    if (!found) throw notFound(`Dataset '${dataset.id}'`);
    stored = found;
    rows = found.rows;
  }
  // Metric names and columns are checked now, for jobs too: a misspelt name is a 400 here, not
  // a job that fails later (the stored dataset's column names are in its row).
  checkEvaluationRequest(spec, inline?.table.columns ?? (stored as Dataset).columns);
  const asJob = asked ?? (idempotencyKey !== undefined || rows > deps.syncMaxRows);
  if (!asJob) {
    const data = inline ?? (await loadDataset(registry, stored as Dataset));
    const { report, evaluation } = await evaluateVersion(
      registry,
      models,
      modelLoadContext(deps.outbound),
      project,
      spec,
      data,
      actor,
    );
    return { status: 201, evaluation: await registry.evaluations.create(evaluation), report };
  }
  // Refuse an unknown model or version now rather than in a failed job.
  await resolveVersion(registry, project, spec.model, spec);
  stored ??= await registry.datasets.create({
    projectId: project.id,
    format: (dataset as { format: 'csv' | 'json' }).format,
    artifact: (inline as EvaluationData).bytes,
    rows: (inline as EvaluationData).table.rows,
    columns: [...(inline as EvaluationData).table.columns],
    createdBy: actor,
  });
  const job = await registry.jobs.create({
    projectId: project.id,
    kind: 'evaluation',
    input: JSON.parse(JSON.stringify({ ...spec, datasetId: stored.id })),
    createdBy: actor,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey, requestSha256: fingerprint }),
  });
  await queue.enqueue(job);
  return { status: 202, job };
}
