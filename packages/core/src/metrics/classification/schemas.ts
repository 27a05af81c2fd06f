import { z } from 'zod';
import { ZLabelSchema, ZLabelsSchema, ZSampleWeightSchema } from '../../schemas/index.js';

/** `{ yTrue, yPred, sampleWeight? }`: true and predicted labels of the same samples. */
export const ZLabelPairInputSchema = z.strictObject({
  yTrue: ZLabelsSchema,
  yPred: ZLabelsSchema,
  sampleWeight: ZSampleWeightSchema,
});
export type TLabelPairInput = z.infer<typeof ZLabelPairInputSchema>;

export const ZAverageSchema = z
  .enum(['binary', 'micro', 'macro', 'weighted'])
  .default('binary')
  .meta({
    description:
      'binary: scores of posLabel; micro: from summed counts; macro: mean over classes; weighted: mean weighted by support.',
  });

export const ZPosLabelSchema = ZLabelSchema.meta({ description: 'The positive class.' });

export const ZZeroDivisionSchema = z
  .union([z.literal(0), z.literal(1)])
  .default(0)
  .meta({ description: 'Value of a 0/0 precision or recall.' });

/** Params of precision, recall and F1. */
export const ZPrfParamsSchema = z.strictObject({
  average: ZAverageSchema,
  posLabel: ZPosLabelSchema.default(1),
  zeroDivision: ZZeroDivisionSchema,
});
export type TPrfParams = z.infer<typeof ZPrfParamsSchema>;
