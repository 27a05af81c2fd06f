import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { isMatrix, type Matrix, type MatrixLike, matrixFromRows } from '../linalg/index.js';
import { createSpecModel, ZModelSpecSchema } from '../models/specModel.js';
import { isModel, type Model } from '../models/types.js';

/** A model: a JSON spec (`linear`, `logistic`, `mlp`) or any loaded {@link Model} (in-process). */
export const ZModelInputSchema = z.union([
  ZModelSpecSchema,
  z.custom<Model>(isModel, { error: 'expected a model spec or a loaded Model' }),
]);
export type TModelInput = z.input<typeof ZModelInputSchema>;

/**
 * A numeric matrix: rows of finite numbers (JSON), or a {@link Matrix} (in-process). Nested arrays
 * are checked and converted in one typed pass ({@link matrixFromRows}: no per-element zod walk,
 * which cost more than the explainers on 100k × 20), so the explainers receive a Matrix and do
 * not convert again; a non-finite value or ragged row is reported at its exact `[i, j]`. The
 * documented (JSON) schema is the union below, unchanged.
 */
export const ZMatrixSchema = z.preprocess(
  (value, ctx) => {
    if (isMatrix(value)) return value;
    const converted = matrixFromRows(value);
    if (converted === undefined || isMatrix(converted)) return converted ?? value;
    ctx.addIssue({
      code: 'custom',
      path: converted.path,
      message: converted.message,
      input: value,
    });
    return value;
  },
  z.union([
    z.array(z.array(z.number())),
    z.custom<Matrix>(isMatrix, { error: 'expected a Matrix' }),
  ]),
);

/** The model of an explainer's input, as a {@link Model}. */
export function resolveModel(model: z.output<typeof ZModelInputSchema> | Model): Model {
  return isModel(model) ? model : createSpecModel(model);
}

/** Throws when two data matrices disagree on the number of features. */
export function assertSameFeatures(aName: string, a: Matrix, bName: string, b: Matrix): void {
  if (a.cols !== b.cols) {
    const message = `${aName} and ${bName} have different feature counts: ${a.cols} and ${b.cols}`;
    throw new InvalidInputError(message, [{ path: [bName], message }]);
  }
}

/** Feature names: the caller's, else the model's. */
export function resolveFeatureNames(model: Model, names: readonly string[] | undefined): string[] {
  const n = model.inputSchema.features.length;
  if (names === undefined) return model.inputSchema.features.map((f) => f.name);
  if (names.length !== n) {
    const message = `featureNames has ${names.length} names but the model has ${n} features`;
    throw new InvalidInputError(message, [{ path: ['featureNames'], message }]);
  }
  return [...names];
}

/** A seed for sampling: the caller's, else a fresh one (reported in the explanation). */
export function resolveSeed(seed: number | undefined): number {
  return seed ?? Math.floor(Math.random() * 2 ** 31);
}

export type { MatrixLike };

/**
 * Parses the params part of a function's options object with the explainer's params schema,
 * ignoring the other option fields (model, featureNames…), and turns schema errors into
 * InvalidInputError with `params.…` paths.
 */
export function parseParams<S extends z.ZodObject>(schema: S, options: object): z.output<S> {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) picked[key] = value;
  }
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: ['params', ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
      message: issue.message,
    }));
    throw new InvalidInputError(
      issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      issues,
    );
  }
  return parsed.data;
}
