import {
  checkTextEvaluationRequest,
  type DatasetFingerprint,
  isRemoteTextDescriptor,
  RemoteModelError,
  type TextModelEvaluation,
} from '@assay/core';
import type { Evaluation, ModelVersion, Project } from '@assay/registry';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import type { Principal } from '../auth/principal.js';
import { ProblemError, problem } from '../http/problem.js';
import type { ComputePool, RunOptions } from '../jobs/compute/compute-pool.js';
import { evaluationWork } from '../jobs/compute/estimate.js';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import type { RequestWork } from '../jobs/request-work.js';
import { type RunOrQueued, runOrQueue } from '../jobs/run-or-queue.js';
import { resolveVersion, versionModelBytes } from '../versions/load-version-model.js';
import { type EvaluationData, openRequestDataset } from './request-dataset.js';
import { storedInterval } from './run-evaluation.js';
import type {
  ZRunTextEvaluationBodySchema,
  ZTextEvaluationSpecSchema,
} from './run-text-evaluation.contract.js';

type TextSpec = z.infer<typeof ZTextEvaluationSpecSchema>;
type EvaluationInput = Parameters<RequestWork['registry']['evaluations']['create']>[0];

/**
 * The version's model when the test calls it: a `remote` artifact describing a text endpoint,
 * else a 400 that says what the version is. With stored outputs the model is not called, and
 * any version may own the report.
 */
export function textModelOf(
  version: ModelVersion,
  bytes: ModelBytes | undefined,
  spec: { outputs?: string | undefined },
): ModelBytes | undefined {
  if (spec.outputs !== undefined) return undefined;
  if (bytes === undefined || version.format !== 'remote' || !isRemoteTextDescriptor(bytes.bytes)) {
    const detail = `version ${version.number} of model '${version.modelName}' is not a text model (a ${version.format} model${version.format === 'remote' ? ' without "output": {"kind": "text"}' : ''}); register a remote text endpoint (protocol kserve-v2 or openai-completions, "output": {"kind": "text"}), or give "outputs": a column of stored outputs`;
    throw new ProblemError(
      problem(400, 'not-a-text-model', detail, {
        errors: [{ path: 'body.model', message: detail }],
      }),
    );
  }
  return bytes;
}

/**
 * Runs the core's text batch test in a compute thread. The endpoint's failures (refused by the
 * outbound policy, HTTP errors, timeouts, malformed answers) are the request's to fix — the
 * registered endpoint or the allow-list — so they answer 422 with the core's message, which
 * names what happened and never what the server said.
 */
export async function runTextEvaluation(
  compute: ComputePool,
  model: ModelBytes | undefined,
  data: { format: EvaluationData['format']; bytes: Uint8Array },
  spec: TextSpec,
  options: RunOptions,
): Promise<{ report: TextModelEvaluation; fingerprint: DatasetFingerprint }> {
  const { model: _name, version: _version, alias: _alias, ...request } = spec;
  try {
    return await compute.run(
      { kind: 'text-evaluation', model, dataset: data, spec: request },
      options,
    );
  } catch (error) {
    if (!(error instanceof RemoteModelError)) throw error;
    throw new ProblemError(
      problem(422, 'remote-model', `The version's text endpoint failed: ${error.message}`, {
        errors: [{ path: 'body.model', message: error.message }],
      }),
    );
  }
}

/** The core's text report as the registry stores an evaluation. */
export function toTextEvaluationInput(
  project: Project,
  version: ModelVersion,
  report: TextModelEvaluation,
  fingerprint: DatasetFingerprint,
  options: { actor: string | null; datasetId?: string },
): EvaluationInput {
  return {
    projectId: project.id,
    modelName: version.modelName,
    version: version.number,
    ...(options.datasetId ? { datasetId: options.datasetId } : {}),
    dataset: {
      sha256: fingerprint.sha256,
      rows: fingerprint.rows,
      columns: fingerprint.columns.map((c) => c.name),
    },
    metrics: report.metrics.map((m) => ({
      name: m.name,
      value: Number.isFinite(m.value) ? m.value : null,
      signature: {
        signature: m.signature,
        params: JSON.parse(JSON.stringify(m.params)),
        task: 'text',
        model: report.model,
      },
      ...(m.confidenceInterval ? { confidenceInterval: storedInterval(m.confidenceInterval) } : {}),
      result: JSON.parse(
        JSON.stringify({
          ...m.result,
          ...(m.confidenceInterval
            ? {
                bootstrap: {
                  mean: m.confidenceInterval.mean,
                  ci: m.confidenceInterval.ci,
                  nResamples: m.confidenceInterval.nResamples,
                  seed: m.confidenceInterval.seed,
                },
              }
            : {}),
        }),
      ),
    })),
    ...(options.actor ? { createdBy: options.actor } : {}),
  };
}

export type StartedTextEvaluation = RunOrQueued<{
  evaluation: Evaluation;
  report: TextModelEvaluation;
}>;

/**
 * `POST …/text-evaluations`: checks the columns and the version (a text model unless outputs are
 * stored) before anything runs, then runs the test within the request or queues a
 * `text-evaluation` job (inline data stored as a dataset first), as batch tests do.
 */
export async function startTextEvaluation(
  deps: RequestWork,
  project: Project,
  request: z.infer<typeof ZRunTextEvaluationBodySchema>,
  who: Principal,
  idempotencyKey?: string,
  signal?: AbortSignal,
): Promise<StartedTextEvaluation> {
  const { registry } = deps;
  const { dataset, async: _asked, ...spec } = request;
  const actor = actorOf(who);
  return runOrQueue(
    deps,
    { kind: 'text-evaluation', project, who, body: request, idempotencyKey },
    async () => {
      const source = await openRequestDataset(deps, project, dataset, signal);
      const rows = source.rows;
      const { model: _model, version: _version, alias: _alias, ...asked } = spec;
      checkTextEvaluationRequest(asked, source.columns);
      const version = await resolveVersion(registry, project, spec.model, spec);
      const bytes =
        spec.outputs === undefined && version.format === 'remote'
          ? await versionModelBytes(registry, deps.models, version)
          : undefined;
      const model = textModelOf(version, bytes, spec);
      return {
        heavy: rows > deps.syncMaxRows || evaluationWork(rows, spec) > deps.syncMaxResampledRows,
        run: async () => {
          const data = await source.data();
          const { report, fingerprint } = await runTextEvaluation(deps.compute, model, data, spec, {
            signal,
          });
          const evaluation = await registry.evaluations.create(
            toTextEvaluationInput(project, version, report, fingerprint, {
              actor,
              ...(data.datasetId ? { datasetId: data.datasetId } : {}),
            }),
          );
          return { evaluation, report };
        },
        jobInput: async () => {
          const stored = await source.store(actor);
          const { alias: _alias, ...rest } = spec;
          return JSON.parse(
            JSON.stringify({ ...rest, version: version.number, datasetId: stored.id }),
          );
        },
      };
    },
  );
}
