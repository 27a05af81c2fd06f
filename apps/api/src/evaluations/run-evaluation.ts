import {
  checkEvaluationRequest,
  checkShardableRequest,
  type DatasetFingerprint,
  type ModelEvaluation,
} from '@assay/core';
import {
  type Evaluation,
  type EvaluationMetric,
  type JsonValue,
  MAX_EVALUATION_JSON_BYTES,
  type Project,
  type Registry,
} from '@assay/registry';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import type { Principal } from '../auth/principal.js';
import { ProblemError, problem } from '../http/problem.js';
import type { ComputePool } from '../jobs/compute/compute-pool.js';
import { evaluationWork } from '../jobs/compute/estimate.js';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { type RunOrQueued, runOrQueue } from '../jobs/run-or-queue.js';
import { resolveVersion, versionModelBytes } from '../versions/load-version-model.js';
import type { ModelCache } from '../versions/model-cache.js';
import { type EvaluationData, openRequestDataset } from './request-dataset.js';
import type { ZEvaluationSpecSchema, ZRunEvaluationBodySchema } from './run-evaluation.contract.js';

type EvaluationSpec = z.infer<typeof ZEvaluationSpecSchema>;
type EvaluationInput = Parameters<Registry['evaluations']['create']>[0];
type Report = ModelEvaluation;

/** What running a batch test needs. */
export interface EvaluationDeps {
  registry: Registry;
  models: ModelCache<ModelBytes>;
  compute: ComputePool;
}

/**
 * A batch test without the storing, within the request: resolve the version (its bytes cached),
 * let the core parse the dataset, predict and score it in a compute thread, and shape the report
 * as the registry stores it. Jobs run the same task and shape it with {@link toEvaluationInput}.
 */
export async function evaluateVersion(
  deps: EvaluationDeps,
  project: Project,
  spec: EvaluationSpec,
  data: EvaluationData,
  actor: string,
  signal?: AbortSignal,
): Promise<{ report: Report; evaluation: EvaluationInput }> {
  const version = await resolveVersion(deps.registry, project, spec.model, spec);
  const model = await versionModelBytes(deps.registry, deps.models, version);
  const { report, fingerprint } = await deps.compute.run(
    {
      kind: 'evaluation',
      model,
      dataset: { format: data.format, bytes: data.bytes },
      spec: {
        target: spec.target,
        metrics: spec.metrics,
        ...(spec.features ? { features: spec.features } : {}),
        ...(spec.confidence ? { confidence: spec.confidence } : {}),
      },
    },
    { signal },
  );
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

/** A metric's bootstrap interval as an evaluation stores it. */
export const storedInterval = (ci: {
  low: number;
  high: number;
  level: number;
  method: string;
}) => ({ lower: ci.low, upper: ci.high, level: ci.level, method: `bootstrap-${ci.method}` });

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
      ...(m.confidenceInterval ? { confidenceInterval: storedInterval(m.confidenceInterval) } : {}),
      ...structured.get(i),
    })),
    ...(options.actor ? { createdBy: options.actor } : {}),
  };
}

export type StartedEvaluation = RunOrQueued<{ evaluation: Evaluation; report: Report }>;

/**
 * Whether a stored dataset's batch test is sharded without the client asking: more rows than
 * `shardRows` (ASSAY_SHARD_ROWS; 0 turns this off), jobs on Redis workers (in-process, the shards
 * would share one process's compute threads: nothing to gain), the client did not decide
 * (`shard` absent, `async` not false), and every part of the request can be merged (no
 * confidence intervals, mergeable metrics without `inputs`) — otherwise it runs unsharded, as
 * it would have.
 */
function shardsByItself(
  spec: { shard?: unknown; confidence?: unknown; metrics: EvaluationSpec['metrics'] },
  request: { async?: boolean | undefined },
  rows: number,
  deps: { queue: JobQueue; shardRows: number },
): boolean {
  if (spec.shard !== undefined || request.async === false) return false;
  if (deps.shardRows === 0 || rows <= deps.shardRows || deps.queue.mode !== 'redis') return false;
  try {
    checkShardableRequest(spec as Parameters<typeof checkShardableRequest>[0]);
    return true;
  } catch {
    return false;
  }
}

/**
 * `POST …/evaluations`: runs the batch test within the request, or stores the data as a dataset
 * (when it came inline) and queues a job for it (`runOrQueue`) — when asked to (`async`, an
 * `Idempotency-Key`), or when it is expected to outlast a client's patience: more rows than
 * `syncMaxRows`, or rows × bootstrap resamples × metrics above `syncMaxResampledRows`. A stored
 * dataset of more than `shardRows` rows is sharded unless the request says otherwise
 * (`shardsByItself`).
 */
export async function startEvaluation(
  deps: EvaluationDeps & {
    queue: JobQueue;
    syncMaxRows: number;
    syncMaxResampledRows: number;
    /** ASSAY_SHARD_ROWS (0 or absent: no automatic sharding). */
    shardRows?: number;
  },
  project: Project,
  request: z.infer<typeof ZRunEvaluationBodySchema>,
  who: Principal,
  idempotencyKey?: string,
  signal?: AbortSignal,
): Promise<StartedEvaluation> {
  const { registry } = deps;
  const { dataset, async: _asked, ...asked } = request;
  let spec: typeof asked = asked;
  const actor = actorOf(who);
  return runOrQueue(
    deps,
    { kind: 'evaluation', project, who, body: request, idempotencyKey },
    async () => {
      const source = await openRequestDataset(deps, project, dataset, signal);
      const rows = source.rows;
      // Metric names and columns are checked now, for jobs too: a misspelt name is a 400 here,
      // not a job that fails later (the stored dataset's column names are in its row).
      checkEvaluationRequest(spec, source.columns);
      const shardRows = deps.shardRows ?? 0;
      if (
        source.stored !== undefined &&
        shardsByItself(spec, request, rows, { ...deps, shardRows })
      )
        spec = { ...spec, shard: { rows: shardRows } };
      if (spec.shard !== undefined && spec.shard !== false) {
        // a sharded batch test is a job whose shards are jobs: refused now what it cannot merge
        checkShardableRequest(spec);
        if (request.async === false) {
          throw new ProblemError(
            problem(
              400,
              'invalid-request',
              'shard runs the batch test as jobs (one per row range); drop async: false or shard',
              { errors: [{ path: 'body.async', message: 'must not be false with shard' }] },
            ),
          );
        }
      }
      return {
        heavy:
          (spec.shard !== undefined && spec.shard !== false) ||
          rows > deps.syncMaxRows ||
          evaluationWork(rows, spec) > deps.syncMaxResampledRows,
        run: async () => {
          const data = await source.data();
          const { report, evaluation } = await evaluateVersion(
            deps,
            project,
            spec,
            data,
            actor,
            signal,
          );
          return { evaluation: await registry.evaluations.create(evaluation), report };
        },
        jobInput: async () => {
          // Refuse an unknown model or version now rather than in a failed job.
          await resolveVersion(registry, project, spec.model, spec);
          const stored = await source.store(actor);
          return JSON.parse(JSON.stringify({ ...spec, datasetId: stored.id }));
        },
      };
    },
  );
}
