import { createSpecModel, type Explanation, explain, isModel, type Model } from '@assay/core';
import type { Project, Registry } from '@assay/registry';
import type { z } from 'zod';
import { ProblemError, problem } from '../http/problem.js';
import { loadVersionModel, resolveVersion } from '../predictions/load-version-model.js';
import type { ModelCache } from '../predictions/model-cache.js';
import { resolveDatasetSlices } from './dataset-refs.js';
import type { ZExplanationJobInputSchema } from './explanations.contract.js';

type ExplanationRequest = z.infer<typeof ZExplanationJobInputSchema>;

/**
 * Runs an explainer of the core on a request whose model is inline or a registered version.
 * `onPredict` sees every predict call (a job counts rows with it, and stops there when
 * cancelled: the explainers call the model in batches, so that is where they can stop).
 */
export async function runExplanation(
  deps: { registry: Registry; models: ModelCache<Model> },
  project: Project,
  request: ExplanationRequest,
  onPredict?: (rows: number) => Promise<void>,
): Promise<Explanation> {
  let input = await resolveDatasetSlices(deps.registry, project, request.input);
  let model: Model | undefined;
  if (request.model !== undefined) {
    if (input !== null && typeof input === 'object' && 'model' in input) {
      throw new ProblemError(
        problem(
          400,
          'invalid-request',
          'input.model: give the model inline or as model, not both',
          {
            errors: [
              { path: 'input.model', message: 'remove it: model names the registered version' },
            ],
          },
        ),
      );
    }
    const version = await resolveVersion(deps.registry, project, request.model.name, request.model);
    model = await loadVersionModel(deps.registry, deps.models, version);
  } else if (onPredict !== undefined && input !== null && typeof input === 'object') {
    // An inline spec becomes a model here only to be watched; a bad spec is left to the core's
    // validation, whose message names the field.
    const spec = (input as { model?: unknown }).model;
    if (spec !== undefined && !isModel(spec)) {
      try {
        model = createSpecModel(spec as Parameters<typeof createSpecModel>[0]);
      } catch {
        model = undefined;
      }
    }
  }
  if (model !== undefined) {
    input = { ...(input as object), model: onPredict ? watched(model, onPredict) : model };
  }
  return explain(request.method, input, request.params ?? {});
}

/** The model, reporting each predict call's rows first (`Object.create` keeps its `this`). */
function watched(model: Model, onPredict: (rows: number) => Promise<void>): Model {
  const wrapper = Object.create(model) as Model;
  wrapper.predict = async (batch) => {
    await onPredict(batch.rows);
    return model.predict(batch);
  };
  return wrapper;
}
