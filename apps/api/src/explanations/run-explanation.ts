import type { Explanation } from '@assay/core';
import type { Project, Registry } from '@assay/registry';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { ProblemError, problem } from '../http/problem.js';
import type { ComputePool } from '../jobs/compute/compute-pool.js';
import { explanationWork } from '../jobs/compute/estimate.js';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { type RunOrQueued, runOrQueue } from '../jobs/run-or-queue.js';
import { resolveVersion, versionModelBytes } from '../versions/load-version-model.js';
import type { ModelCache } from '../versions/model-cache.js';
import { checkDatasetSlices, resolveDatasetSlices } from './dataset-refs.js';
import type {
  ZExplanationJobInputSchema,
  ZProjectExplainBodySchema,
} from './explanations.contract.js';

type ExplanationRequest = z.infer<typeof ZExplanationJobInputSchema>;

/** What running an explanation needs. */
export interface ExplanationDeps {
  registry: Registry;
  models: ModelCache<ModelBytes>;
  compute: ComputePool;
}

/** A registered version replaces the input's model: refuse a request that gives both. */
export function rejectInlineModelWithRef(input: unknown): void {
  if (input !== null && typeof input === 'object' && 'model' in input) {
    throw new ProblemError(
      problem(400, 'invalid-request', 'input.model: give the model inline or as model, not both', {
        errors: [{ path: 'input.model', message: 'remove it: model names the registered version' }],
      }),
    );
  }
}

/**
 * Runs an explainer of the core within the request, in a compute thread, on an inline model or a
 * registered version (its bytes read once and cached), with dataset slices read into matrices.
 * Jobs run the same task (`explanation-job.ts`). `signal`: the client went away.
 */
export async function runExplanation(
  deps: ExplanationDeps,
  project: Project,
  request: ExplanationRequest,
  signal?: AbortSignal,
): Promise<Explanation> {
  const input = await resolveDatasetSlices(deps.registry, project, request.input);
  let model: ModelBytes | undefined;
  if (request.model !== undefined) {
    rejectInlineModelWithRef(request.input);
    const version = await resolveVersion(deps.registry, project, request.model.name, request.model);
    model = await versionModelBytes(deps.registry, deps.models, version);
  }
  return (await deps.compute.run(
    {
      kind: 'explanation',
      method: request.method,
      input,
      params: request.params ?? {},
      ...(model ? { model } : {}),
    },
    { signal },
  )) as unknown as Explanation;
}

/**
 * `POST /v1/projects/{project}/explanations`: runs the explanation within the request, or queues
 * a job for it (`runOrQueue`) — when asked to (`async`, an `Idempotency-Key`), or when its
 * estimated predictions would outlast a client's patience (`syncMaxRows`); a viewer's key is
 * then refused with the bound, since a job needs an editor's.
 */
export async function startExplanation(
  deps: ExplanationDeps & { queue: JobQueue; syncMaxRows: number },
  project: Project,
  body: z.infer<typeof ZProjectExplainBodySchema>,
  who: Principal,
  idempotencyKey?: string,
  signal?: AbortSignal,
): Promise<RunOrQueued<Explanation>> {
  const { async: _asked, ...request } = body;
  return runOrQueue(deps, { kind: 'explanation', project, who, body, idempotencyKey }, async () => {
    const work = explanationWork(request.method, request.input, request.params);
    return {
      heavy: work > deps.syncMaxRows,
      tooHeavyDetail: `the explanation would predict about ${work} rows, more than a request may (ASSAY_SYNC_MAX_EXPLAIN_ROWS = ${deps.syncMaxRows}); run it as a job with an editor's key (async: true), or send async: false to compute it within the request's time limit`,
      run: () => runExplanation(deps, project, request, signal),
      jobInput: async () => {
        // As the request that runs at once: another project's dataset is a 404 now, not a
        // failed job.
        await checkDatasetSlices(deps.registry, project, request.input);
        return JSON.parse(JSON.stringify(request));
      },
    };
  });
}
