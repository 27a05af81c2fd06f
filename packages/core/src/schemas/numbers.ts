import { z } from 'zod';

/** An array of finite numbers (zod rejects `NaN` and `±Infinity`). */
export const ZNumbersSchema = z.array(z.number());

/** Optional non-negative per-sample weights, one per sample. */
export const ZSampleWeightSchema = z
  .array(z.number().nonnegative())
  .optional()
  .meta({ description: 'Optional per-sample weights (≥ 0), one per sample.' });

/** The usual result of a metric: one number. */
export const ZValueResultSchema = z.object({
  value: z.number().meta({ description: 'The value of the metric.' }),
});
export type TValueResult = z.infer<typeof ZValueResultSchema>;

/**
 * A result number that is `NaN` where the metric is undefined (0/0, as the reference returns) or
 * `−Infinity`: JSON sends both as `null`, so the schema documents it as nullable. The TypeScript
 * type stays `number`, because the pure function's value is the IEEE number itself (the cast only
 * narrows the static type; the runtime schema, which the documents are generated from, is
 * `number | null`).
 */
export const nanableNumber = (description: string): z.ZodNumber =>
  z
    .number()
    .nullable()
    .meta({
      description: `${description} \`null\` (NaN in JavaScript) where it is undefined.`,
    }) as unknown as z.ZodNumber;

/** {@link ZValueResultSchema} for metrics that may be undefined on some inputs (see {@link nanableNumber}). */
export const ZNanableValueResultSchema = z.object({
  value: nanableNumber('The value of the metric;'),
});
