import type {
  Comparison,
  Dataset,
  ModelVersion,
  Project,
  Registry,
  TComparisonSpecSchema,
  TCreateComparisonSchema,
} from '@assay/registry';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import type { Principal } from '../auth/principal.js';
import { notFound } from '../http/problem.js';
import type { ComputePool } from '../jobs/compute/compute-pool.js';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { type RunOrQueued, runOrQueue } from '../jobs/run-or-queue.js';
import { resolveVersion, versionModelBytes } from '../versions/load-version-model.js';
import type { ModelCache } from '../versions/model-cache.js';
import type { ZRunComparisonBodySchema } from './comparisons.contract.js';

/** What running a comparison needs. */
export interface ComparisonDeps {
  registry: Registry;
  models: ModelCache<ModelBytes>;
  compute: ComputePool;
}

/** Which versions and rows: the baseline already resolved (its alias kept for the record). */
export interface ComparisonTarget {
  project: Project;
  modelName: string;
  candidate: ModelVersion;
  baseline: ModelVersion;
  baselineAlias?: string | undefined;
  dataset: Dataset;
}

/**
 * Predicts the dataset's rows with both versions and compares them in a compute thread (the
 * core's `compareModels`), shaped as the registry stores it. Requests, comparison jobs and gate
 * runs share it.
 */
export async function compareVersions(
  deps: ComparisonDeps,
  target: ComparisonTarget,
  spec: TComparisonSpecSchema,
  options: {
    actor: string | null;
    signal?: AbortSignal | undefined;
    job?: boolean;
    onProgress?: (progress: { fraction: number; message?: string }) => Promise<void>;
  },
): Promise<TCreateComparisonSchema> {
  const { registry } = deps;
  const [candidate, baseline, bytes] = await Promise.all([
    versionModelBytes(registry, deps.models, target.candidate),
    versionModelBytes(registry, deps.models, target.baseline),
    registry.datasets.read(target.dataset),
  ]);
  const { report, fingerprint } = await deps.compute.run(
    {
      kind: 'comparison',
      candidate,
      baseline,
      dataset: { format: target.dataset.format, bytes },
      spec: {
        target: spec.target,
        metrics: spec.metrics,
        ...(spec.features ? { features: spec.features } : {}),
        ...(spec.confidence ? { confidence: spec.confidence } : {}),
        ...(spec.alpha !== undefined ? { alpha: spec.alpha } : {}),
      },
    },
    {
      signal: options.signal,
      ...(options.job ? { job: true } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
  return {
    projectId: target.project.id,
    modelName: target.modelName,
    candidateVersion: target.candidate.number,
    baselineVersion: target.baseline.number,
    ...(target.baselineAlias ? { baselineAlias: target.baselineAlias } : {}),
    datasetId: target.dataset.id,
    dataset: {
      sha256: fingerprint.sha256,
      rows: fingerprint.rows,
      columns: fingerprint.columns.map((c) => c.name),
    },
    spec,
    report,
    ...(options.actor ? { createdBy: options.actor } : {}),
  };
}

export type StartedComparison = RunOrQueued<Comparison>;

/**
 * `POST …/comparisons`: resolves both versions (the baseline's alias to its holder now) and the
 * stored dataset, then compares within the request, or queues a job (`runOrQueue`) when asked or
 * when the dataset has more rows than a request runs.
 */
export async function startComparison(
  deps: ComparisonDeps & { queue: JobQueue; syncMaxRows: number },
  project: Project,
  request: z.infer<typeof ZRunComparisonBodySchema>,
  who: Principal,
  idempotencyKey?: string,
  signal?: AbortSignal,
): Promise<StartedComparison> {
  const { registry } = deps;
  const { model, candidate, baseline, datasetId, async: _asked, ...spec } = request;
  const actor = actorOf(who);
  return runOrQueue(
    deps,
    { kind: 'comparison', project, who, body: request, idempotencyKey },
    async () => {
      const dataset = await registry.datasets.get(project.id, datasetId);
      if (!dataset) throw notFound(`Dataset '${datasetId}'`);
      const candidateVersion = await resolveVersion(registry, project, model, candidate);
      const baselineVersion = await resolveVersion(registry, project, model, baseline);
      const baselineAlias = 'alias' in baseline ? baseline.alias : undefined;
      const target = {
        project,
        modelName: model,
        candidate: candidateVersion,
        baseline: baselineVersion,
        baselineAlias,
        dataset,
      };
      return {
        heavy: dataset.rows > deps.syncMaxRows,
        run: async () =>
          registry.comparisons.create(await compareVersions(deps, target, spec, { actor, signal })),
        jobInput: async () =>
          JSON.parse(
            JSON.stringify({
              ...spec,
              model,
              candidateVersion: candidateVersion.number,
              baselineVersion: baselineVersion.number,
              ...(baselineAlias ? { baselineAlias } : {}),
              datasetId,
            }),
          ),
      };
    },
  );
}
