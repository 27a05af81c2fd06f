import type { Explanation } from '@assay/core';
import type { Project, Registry } from '@assay/registry';
import type { z } from 'zod';
import { ProblemError, problem } from '../http/problem.js';
import type { ComputePool } from '../jobs/compute/compute-pool.js';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import { resolveVersion, versionModelBytes } from '../predictions/load-version-model.js';
import type { ModelCache } from '../predictions/model-cache.js';
import { resolveDatasetSlices } from './dataset-refs.js';
import type { ZExplanationJobInputSchema } from './explanations.contract.js';

type ExplanationRequest = z.infer<typeof ZExplanationJobInputSchema>;

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
 * Jobs run the same task (`jobs/explanation-job.ts`). `signal`: the client went away.
 */
export async function runExplanation(
  deps: { registry: Registry; models: ModelCache<ModelBytes>; compute: ComputePool },
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
