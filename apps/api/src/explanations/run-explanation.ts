import { type Explanation, explain, type Model } from '@assay/core';
import type { Project, Registry } from '@assay/registry';
import type { z } from 'zod';
import { ProblemError, problem } from '../http/problem.js';
import { modelLoadContext, type Outbound } from '../outbound/outbound.js';
import { loadVersionModel, resolveVersion } from '../predictions/load-version-model.js';
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
 * Runs an explainer of the core within the request, on an inline model or a registered version
 * (loaded once and cached), with dataset slices read into matrices. Jobs run the same explainer in
 * a compute thread (`jobs/explanation-job.ts`).
 */
export async function runExplanation(
  deps: { registry: Registry; models: ModelCache<Model>; outbound: Outbound },
  project: Project,
  request: ExplanationRequest,
): Promise<Explanation> {
  let input = await resolveDatasetSlices(deps.registry, project, request.input);
  if (request.model !== undefined) {
    rejectInlineModelWithRef(request.input);
    const version = await resolveVersion(deps.registry, project, request.model.name, request.model);
    const model = await loadVersionModel(
      deps.registry,
      deps.models,
      version,
      modelLoadContext(deps.outbound),
    );
    input = { ...(input as object), model };
  }
  return explain(request.method, input, request.params ?? {});
}
