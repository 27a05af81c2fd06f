import type { z } from 'zod';
import type { ComputeLimits } from '../limits/index.js';

/** The area a metric belongs to (the portal groups metrics by it). */
export type MetricFamily =
  | 'classification'
  | 'regression'
  | 'ranking'
  | 'text'
  | 'rl'
  | 'hitl'
  | 'bias'
  | 'stats';

/** A JSON Schema (draft 2020-12) document, as produced by zod's `z.toJSONSchema`. */
export type JsonSchema = z.core.JSONSchema.JSONSchema;

/** What a metric returns: named fields, e.g. accuracy → `{ value: 0.7 }`. */
export type MetricResult = Record<string, unknown>;

/**
 * A registered metric: its zod schemas (the single source of truth for validation, JSON Schema,
 * OpenAPI and forms) and its compute function, which receives already-validated data.
 */
export interface MetricDefinition<I = unknown, P = unknown, R extends MetricResult = MetricResult> {
  readonly name: string;
  readonly family: MetricFamily;
  readonly description: string;
  readonly input: z.ZodType<I>;
  readonly params: z.ZodType<P>;
  readonly result: z.ZodType<R>;
  /** `context.limits`: the bounds a metric whose cost grows faster than its input checks first. */
  compute(input: I, params: P, context: MetricContext): R;
}

/** What {@link MetricDefinition.compute} receives beside its input and params. */
export interface MetricContext {
  limits: ComputeLimits;
}

/** The description of a metric that `listMetrics()` returns: plain JSON. */
export interface MetricInfo {
  name: string;
  family: MetricFamily;
  description: string;
  /** JSON Schema of the accepted input (what a caller may send). */
  inputSchema: JsonSchema;
  /** JSON Schema of the accepted params (defaults shown, all optional ones optional). */
  paramsSchema: JsonSchema;
  /** JSON Schema of the result. */
  resultSchema: JsonSchema;
}
