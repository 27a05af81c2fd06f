import { z } from 'zod';
import { InvalidInputError, UnknownMetricError } from '../errors/index.js';
import { invalidInput, zodIssues } from '../errors/zodIssues.js';
import { type ComputeLimits, resolveLimits } from '../limits/index.js';
import { bootstrapDefinitionOf } from './bootstrapDefinition.js';
import { METRICS as REGISTERED } from './catalog.js';
import { compileInputCheck, type FastCheck } from './fastCheck.js';
import { pairedBootstrapDefinitionOf } from './pairedBootstrapDefinition.js';
import type { JsonSchema, MetricDefinition, MetricInfo, MetricResult } from './types.js';

// The catalog's metrics, then `bootstrap` and `pairedBootstrapDelta`, which call back into this
// module: they are bound here to this module's lookup (function declarations, hoisted), so nothing
// imports this module back.
const METRICS: readonly MetricDefinition[] = [
  ...REGISTERED,
  bootstrapDefinitionOf({ getMetric, computeMetric }) as MetricDefinition,
  pairedBootstrapDefinitionOf({ getMetric, computeMetric }) as MetricDefinition,
];
let byName: Map<string, MetricDefinition> | undefined;
let infos: MetricInfo[] | undefined;
const fastChecks = new WeakMap<MetricDefinition, FastCheck | null>();

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io });
}

/**
 * Lists every registered metric with JSON Schemas (draft 2020-12) of its input, params and
 * result, in catalog order. The schemas are generated from the same zod schemas that validate
 * `computeMetric`'s arguments.
 */
export function listMetrics(): MetricInfo[] {
  infos ??= METRICS.map((metric) => ({
    name: metric.name,
    family: metric.family,
    description: metric.description,
    inputSchema: toJsonSchema(metric.input, 'input'),
    paramsSchema: toJsonSchema(metric.params, 'input'),
    resultSchema: toJsonSchema(metric.result, 'output'),
  }));
  return structuredClone(infos);
}

/**
 * The definition of the metric called `name`.
 * @throws UnknownMetricError (code `unknown_metric`) listing the known names.
 */
export function getMetric(name: string): MetricDefinition {
  byName ??= new Map(METRICS.map((metric) => [metric.name, metric]));
  const metric = byName.get(name);
  if (metric === undefined) throw new UnknownMetricError(name, [...byName.keys()]);
  return metric;
}

/** Options of {@link computeMetric}. */
export interface ComputeMetricOptions {
  limits?: Partial<ComputeLimits>;
}

/**
 * Validates a metric's input. Large arrays of numbers or labels go through a compiled loop first
 * ({@link compileInputCheck}); only when that loop is unsure or finds a problem does zod run, so
 * the issues and messages are always zod's.
 */
function parseInput(
  metric: MetricDefinition,
  input: unknown,
): { success: true; data: unknown } | { success: false; error: z.ZodError } {
  let check = fastChecks.get(metric);
  if (check === undefined) {
    check = compileInputCheck(metric.input) ?? null;
    fastChecks.set(metric, check);
  }
  if (check?.(input)) return { success: true, data: input };
  return metric.input.safeParse(input);
}

/**
 * Validates `input` and `params` with the metric's zod schemas, then computes the metric.
 *
 * @param params - the metric's options; `undefined` means `{}` (every default).
 * @param options - `limits`: the input bounds of metrics whose cost grows faster than their input
 * (TER, ROUGE-L); fields not given take {@link DEFAULT_COMPUTE_LIMITS}.
 * @throws UnknownMetricError when no metric is called `name`.
 * @throws LimitExceededError (code `limit_exceeded`) when the input is above one of `limits`.
 * @throws InvalidInputError when the input or params do not match the schemas (the message names
 * each path, e.g. `input.yPred: expected an array of numbers or strings (all of one type)`) or
 * break a rule of the metric (e.g. `yTrue has 10 labels but yPred has 9`); the issue paths of the
 * latter are prefixed with `input` or `params` too.
 */
export function computeMetric(
  name: string,
  input: unknown,
  params?: unknown,
  options: ComputeMetricOptions = {},
): MetricResult {
  const metric = getMetric(name);
  const parsedInput = parseInput(metric, input);
  const parsedParams = metric.params.safeParse(params ?? {});
  const issues = [
    ...(parsedInput.success ? [] : zodIssues(parsedInput.error, ['input'])),
    ...(parsedParams.success ? [] : zodIssues(parsedParams.error, ['params'])),
  ];
  if (!parsedInput.success || !parsedParams.success) {
    throw invalidInput(issues);
  }
  try {
    return metric.compute(parsedInput.data, parsedParams.data, {
      limits: resolveLimits(options.limits),
    });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    // Semantic guards name the fields of the call (`yTrue`, `posLabel`); say which object holds it.
    const paramKeys = new Set(Object.keys(parsedParams.data ?? {}));
    if (metric.params instanceof z.ZodObject) {
      for (const key of Object.keys(metric.params.shape)) paramKeys.add(key);
    }
    const located = error.issues.map((issue) => {
      const [first] = issue.path;
      const root = typeof first === 'string' && paramKeys.has(first) ? 'params' : 'input';
      return { path: [root, ...issue.path], message: issue.message };
    });
    throw new InvalidInputError(error.message, located);
  }
}
