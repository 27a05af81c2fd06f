import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { invalidInput, zodIssues } from '../errors/zodIssues.js';
import { type ComputeLimits, resolveLimits } from '../limits/index.js';
import { permutationImportanceExplainer } from './permutationImportance.js';
import { shapExplainer } from './shap/shap.js';
import { surrogateFidelityExplainer } from './surrogate/fidelity.js';
import { surrogateExplainer } from './surrogate/surrogate.js';
import type { ExplainerDefinition, ExplainerInfo, Explanation } from './types.js';

/**
 * Every explainer the platform offers, as the metrics' catalog: one definition per file plus one
 * line here; names are unique and there are no aliases.
 */
export const EXPLAINERS: readonly ExplainerDefinition[] = [
  shapExplainer as ExplainerDefinition,
  permutationImportanceExplainer as ExplainerDefinition,
  surrogateExplainer as ExplainerDefinition,
  surrogateFidelityExplainer as ExplainerDefinition,
];

const byName = new Map<string, ExplainerDefinition>(EXPLAINERS.map((e) => [e.name, e]));
let infos: ExplainerInfo[] | undefined;

/**
 * Lists every explainer with JSON Schemas (draft 2020-12) of its input and params, generated from
 * the zod schemas that validate `explain`'s arguments. In-process-only alternatives (a loaded
 * `Model`, a typed `Matrix`) are shown as unconstrained.
 */
export function listExplainers(): ExplainerInfo[] {
  infos ??= EXPLAINERS.map((e) => ({
    name: e.name,
    description: e.description,
    inputSchema: z.toJSONSchema(e.input, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'any',
    }),
    paramsSchema: z.toJSONSchema(e.params, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'any',
    }),
  }));
  return structuredClone(infos);
}

/**
 * The definition of the explainer called `name`.
 * @throws InvalidInputError (path `method`) listing the known names.
 */
export function getExplainer(name: string): ExplainerDefinition {
  const explainer = byName.get(name);
  if (explainer === undefined) {
    const message = `unknown explainer '${name}'; known explainers: ${[...byName.keys()].join(', ')}`;
    throw new InvalidInputError(message, [{ path: ['method'], message }]);
  }
  return explainer;
}

/**
 * Validates `input` and `params` with the explainer's zod schemas, then runs it:
 * `explain('shap', { model, background, instances }, { method: 'exact' })`.
 *
 * @param params - the explainer's options; `undefined` means `{}` (every default).
 * @throws InvalidInputError when the method is unknown, the input or params do not match the
 * schemas (the message names each path, e.g. `input.model.layers.0.activation: unknown
 * activation "softplus"…`), or break a rule of the explainer (`background and instances have
 * different feature counts: 2 and 3`).
 * @throws LimitExceededError when the input is above one of `options.limits` (exact SHAP with more
 * than `maxExactShapFeatures` features); fields not given take {@link DEFAULT_COMPUTE_LIMITS}.
 */
export async function explain(
  method: string,
  input: unknown,
  params?: unknown,
  options: { limits?: Partial<ComputeLimits> } = {},
): Promise<Explanation> {
  const explainer = getExplainer(method);
  const parsedInput = explainer.input.safeParse(input);
  const parsedParams = explainer.params.safeParse(params ?? {});
  const issues = [
    ...(parsedInput.success ? [] : zodIssues(parsedInput.error, ['input'])),
    ...(parsedParams.success ? [] : zodIssues(parsedParams.error, ['params'])),
  ];
  if (!parsedInput.success || !parsedParams.success) {
    throw invalidInput(issues);
  }
  return explainer.run(parsedInput.data, parsedParams.data, {
    limits: resolveLimits(options.limits),
  });
}
