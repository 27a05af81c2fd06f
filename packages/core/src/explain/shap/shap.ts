import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { type ComputeLimits, checkLimit, resolveLimits } from '../../limits/index.js';
import { type Matrix, type MatrixLike, matrixToArrays, toMatrix } from '../../linalg/index.js';
import type { Model } from '../../models/types.js';
import { DEFAULT_BATCH_ROWS } from '../coalitions.js';
import {
  assertSameFeatures,
  parseParams,
  resolveFeatureNames,
  resolveModel,
  resolveSeed,
  ZMatrixSchema,
  ZModelInputSchema,
} from '../inputs.js';
import { applyLink, type LinkName } from '../link.js';
import { ModelEvaluator } from '../modelEvaluator.js';
import { makeSignature } from '../signature.js';
import type { ExplainerDefinition, Explanation } from '../types.js';
import { exactShap } from './exactShap.js';
import { kernelShap } from './kernelShap.js';
import { permutationShap } from './permutationShap.js';

/** shap's `Explainer(algorithm="auto")` picks exact up to this many features, else permutation. */
export const AUTO_EXACT_MAX_FEATURES = 10;

export const ZShapParamsSchema = z.strictObject({
  method: z
    .enum(['auto', 'exact', 'kernel', 'permutation'])
    .default('auto')
    .meta({ description: "auto: exact for ≤ 10 features, else permutation (shap's rule)." }),
  link: z
    .enum(['identity', 'logit'])
    .default('identity')
    .meta({ description: 'Explain the output as is, or the log-odds of a probability.' }),
  nSamples: z
    .int()
    .min(2)
    .optional()
    .meta({ description: 'Kernel SHAP coalitions per instance. @default 2M + 2048, ≤ 2^M − 2' }),
  maxEvals: z.int().min(3).default(500).meta({
    description: 'Permutation SHAP evaluations per instance (⌊maxEvals/(2M+1)⌋ permutations).',
  }),
  seed: z.int().min(0).max(0xffffffff).optional().meta({ description: 'Seed of the sampling.' }),
  output: z.int().min(0).default(0).meta({ description: 'Which output column to explain.' }),
  batchRows: z.int().min(1).optional().meta({
    description: "Rows per predict call. @default the model's preferredBatchRows, else 65536",
  }),
});
export type TShapParams = z.input<typeof ZShapParamsSchema>;

export const ZShapInputSchema = z.strictObject({
  model: ZModelInputSchema,
  background: ZMatrixSchema.meta({ description: "Background rows (the masker's data)." }),
  instances: ZMatrixSchema.meta({ description: 'Rows to explain.' }),
  featureNames: z.array(z.string()).optional(),
});

/** Options of {@link shapValues}; the same fields as the catalog's params. */
export type ShapOptions = TShapParams & {
  featureNames?: readonly string[];
  /** `maxExactShapFeatures` bounds exact SHAP (default 16), checked before any prediction. */
  limits?: Partial<ComputeLimits>;
};

/**
 * SHAP values of `instances` against `background`, with the interventional (Independent masker)
 * value function v(S) = link(mean_b f(x_S, b_{N∖S})).
 *
 * - `exact`: all 2^M coalitions ({@link exactShap}), M ≤ 16;
 * - `kernel`: seeded Kernel SHAP ({@link kernelShap}); equals exact when nSamples ≥ 2^M − 2;
 * - `permutation`: antithetic permutation SHAP ({@link permutationShap});
 * - `auto`: exact for ≤ 10 features, else permutation — shap's `Explainer` rule for an
 *   Independent masker (shap 0.46.0 `shap/explainers/_explainer.py`).
 *
 * The base value is link(mean f(background)); each instance's additivity residual
 * link(f(x)) − base − Σφ is reported, not thrown. The background is used whole (shap's
 * Independent masker would subsample it to 100 rows).
 *
 * @throws InvalidInputError on an empty background or instances, mismatched feature counts, or a
 * method that cannot run (exact beyond 16 features, maxEvals below 2M + 1).
 * @throws LimitExceededError for exact SHAP beyond `limits.maxExactShapFeatures` features.
 */
export async function shapValues(
  model: Model,
  backgroundIn: MatrixLike,
  instancesIn: MatrixLike,
  options: ShapOptions = {},
): Promise<Explanation> {
  const params = parseParams(ZShapParamsSchema, options);
  const background = toMatrix(backgroundIn, 'background');
  const instances = toMatrix(instancesIn, 'instances');
  assertSameFeatures('background', background, 'instances', instances);
  const evaluator = new ModelEvaluator(model, params.output);
  evaluator.checkFeatures('background', background);
  const featureNames = resolveFeatureNames(model, options.featureNames);
  const link: LinkName = params.link;
  const m = background.cols;
  const algorithm =
    params.method === 'auto'
      ? m <= AUTO_EXACT_MAX_FEATURES
        ? 'exact'
        : 'permutation'
      : params.method;
  if (algorithm === 'exact') {
    checkLimit(
      resolveLimits(options.limits),
      'maxExactShapFeatures',
      m,
      'exact SHAP enumerates 2^M coalitions and the input has more features than it accepts (use method "kernel" or "permutation")',
      ['params', 'method'],
    );
  }

  const bgOut = await evaluator.predict(background);
  let mean = 0;
  for (const v of bgOut) mean += v;
  mean /= background.rows;
  if (link === 'logit' && !(mean > 0 && mean < 1)) {
    throw new InvalidInputError(
      `the logit link needs outputs in (0, 1); the mean background output is ${mean}`,
    );
  }
  const base = applyLink(link, mean);
  const fxRaw = await evaluator.predict(instances);
  const fx = fxRaw.map((v) => applyLink(link, v));

  const batchRows = params.batchRows ?? model.preferredBatchRows ?? DEFAULT_BATCH_ROWS;
  const usesSeed = algorithm === 'kernel' || algorithm === 'permutation';
  const seed = usesSeed ? resolveSeed(params.seed) : null;
  let phi: Float64Array;
  switch (algorithm) {
    case 'exact':
      phi = await exactShap(evaluator, background, instances, link, batchRows);
      break;
    case 'kernel':
      phi = await kernelShap(evaluator, background, instances, link, fx, base, {
        nSamples: params.nSamples,
        seed: seed as number,
        batchRows,
      });
      break;
    case 'permutation':
      phi = await permutationShap(evaluator, background, instances, link, {
        maxEvals: params.maxEvals,
        seed: seed as number,
        batchRows,
      });
      break;
  }
  const values: Matrix = { rows: instances.rows, cols: m, data: phi };
  const residuals: number[] = [];
  const meanAbs = new Array<number>(m).fill(0);
  for (let i = 0; i < instances.rows; i++) {
    let s = base;
    for (let j = 0; j < m; j++) {
      const v = phi[i * m + j] as number;
      s += v;
      meanAbs[j] = (meanAbs[j] as number) + Math.abs(v) / instances.rows;
    }
    residuals.push((fx[i] as number) - s);
  }
  const sampling: Record<string, string | number> =
    algorithm === 'kernel'
      ? { nsamples: params.nSamples ?? 'auto' }
      : algorithm === 'permutation'
        ? { maxevals: params.maxEvals }
        : {};
  return {
    method: 'shap',
    algorithm,
    params: { ...params, method: algorithm, requestedMethod: params.method },
    seed,
    featureNames,
    values: matrixToArrays(values),
    globalImportance: meanAbs,
    baseValue: base,
    additivity: { residuals, maxAbsResidual: Math.max(...residuals.map(Math.abs)) },
    fidelity: null,
    expectedOutputs: Array.from(fx),
    timing: evaluator.timing(),
    signature: makeSignature({
      method: algorithm,
      link,
      nbg: background.rows,
      ...sampling,
      seed: seed ?? 'none',
      model: model.kind,
      masker: 'independent',
      ref: 'shap.0.46.0',
    }),
  };
}

export const shapExplainer: ExplainerDefinition<
  z.output<typeof ZShapInputSchema>,
  z.output<typeof ZShapParamsSchema>
> = {
  name: 'shap',
  description:
    'SHAP values (exact, kernel or antithetic permutation) with base value, additivity residuals and mean |φ| per feature (shap 0.46).',
  input: ZShapInputSchema,
  params: ZShapParamsSchema,
  run: (input, params, { limits }) => {
    const background = toMatrix(input.background, 'background');
    const instances = toMatrix(input.instances, 'instances');
    assertSameFeatures('background', background, 'instances', instances);
    return shapValues(resolveModel(input.model), background, instances, {
      ...params,
      featureNames: input.featureNames,
      limits,
    });
  },
};
