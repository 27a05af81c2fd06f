import type { z } from 'zod';
import type { ComputeLimits } from '../limits/index.js';
import type { JsonSchema } from '../metrics/types.js';
import type { ExplanationTiming } from './modelEvaluator.js';

export type { ExplanationTiming } from './modelEvaluator.js';

/** The registered explainers. */
export type ExplainMethod = 'shap' | 'permutationImportance' | 'surrogate' | 'surrogateFidelity';

/** How well an explanation accounts for the model. */
export interface ExplanationAdditivity {
  /** Per instance: link(f(x)) − (baseValue + Σφ); ~1e-15 for exact SHAP. Reported, never thrown. */
  residuals: number[];
  maxAbsResidual: number;
}

/**
 * The one result of every explainer. Method-specific fields (`importancesMean`, `coef`,
 * `fidelityR2`…) sit beside these common ones, named as the golden cases and the references name
 * them.
 */
export interface ExplanationBase {
  method: ExplainMethod;
  /** The algorithm that ran, e.g. `exact`, `kernel`, `permutation`, `linear`, `tree`. */
  algorithm: string;
  /** The resolved parameters (defaults filled in). */
  params: Record<string, unknown>;
  /** The seed that drove any sampling (null when nothing was random). */
  seed: number | null;
  featureNames: string[];
  /**
   * The attributions: SHAP → instances × features; permutation importance → mean importance per
   * feature (or group); surrogate → the surrogate's feature importances; fidelity → empty.
   */
  values: number[][] | number[];
  /** One number per feature (or group): mean |φ| (SHAP), mean importance (PFI), surrogate importances. */
  globalImportance: number[];
  /** E[f(background)] in link space for SHAP; null otherwise. */
  baseValue: number | null;
  additivity: ExplanationAdditivity | null;
  /** Fidelity of a surrogate to the black box (r2/rmse or accuracy/f1), null otherwise. */
  fidelity: Record<string, number> | null;
  timing: ExplanationTiming;
  /** Everything that determines the numbers, in the metrics' signature style. */
  signature: string;
}

export type Explanation = ExplanationBase & Record<string, unknown>;

/**
 * A registered explainer: zod schemas of its input and params (the single source of validation,
 * JSON Schema, OpenAPI and forms) and a run function that receives validated data.
 */
export interface ExplainerDefinition<I = unknown, P = unknown> {
  readonly name: ExplainMethod;
  readonly description: string;
  readonly input: z.ZodType<I>;
  readonly params: z.ZodType<P>;
  /** `context.limits`: bounds checked before work whose cost grows exponentially (exact SHAP). */
  run(input: I, params: P, context: ExplainContext): Promise<Explanation>;
}

/** What {@link ExplainerDefinition.run} receives beside its input and params. */
export interface ExplainContext {
  limits: ComputeLimits;
}

/** The description of an explainer that `listExplainers()` returns: plain JSON. */
export interface ExplainerInfo {
  name: ExplainMethod;
  description: string;
  inputSchema: JsonSchema;
  paramsSchema: JsonSchema;
}
