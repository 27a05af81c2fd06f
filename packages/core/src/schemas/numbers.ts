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
