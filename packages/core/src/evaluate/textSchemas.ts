import { z } from 'zod';
import { ZBleuParamsSchema } from '../metrics/text/bleuScore.js';
import { pairedTextParamsShape } from '../stats/pairedTextSystems.js';

const ZRougeParamsSchema = z.strictObject({
  rougeTypes: z
    .array(z.enum(['rouge1', 'rouge2', 'rougeL']))
    .min(1)
    .optional()
    .describe('The ROUGE variants reported, one metric each. @default rouge1, rouge2, rougeL'),
  useStemmer: z.boolean().optional().describe('Porter-stem tokens longer than 3 characters'),
  tokenizer: z.enum(['rouge-score', 'unicode']).optional(),
});

/** One text metric of a text batch test, with the core's params of that metric. */
export const ZTextMetricRequestSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('bleu'), params: ZBleuParamsSchema.partial().optional() }),
  z.strictObject({
    name: z.literal('chrf'),
    params: pairedTextParamsShape.chrf.unwrap().partial().optional(),
  }),
  z.strictObject({
    name: z.literal('ter'),
    params: pairedTextParamsShape.ter.unwrap().partial().optional(),
  }),
  z.strictObject({ name: z.literal('rouge'), params: ZRougeParamsSchema.optional() }),
]);
export type TTextMetricRequest = z.infer<typeof ZTextMetricRequestSchema>;

/**
 * sacrebleu's bootstrap (`--confidence`): `nResamples` resamples of the segments drawn by
 * `numpy.random.default_rng(seed)`; the interval is always 95 % (sacrebleu's `estimate_ci`).
 */
export const ZTextConfidenceSchema = z.strictObject({
  nResamples: z
    .number()
    .int()
    .min(2)
    .max(100_000)
    .optional()
    .describe('Bootstrap resamples (sacrebleu --confidence-n). @default 1000'),
  seed: z
    .number()
    .int()
    .min(1)
    .max(2 ** 53 - 1)
    .optional()
    .describe('NumPy default_rng seed (sacrebleu SACREBLEU_SEED). @default 12345'),
});

/**
 * The serialisable part of a text batch test: which columns hold the prompts, the references and
 * (optionally) outputs stored beforehand, the metrics and the bootstrap.
 */
export const ZTextEvaluationRequestSchema = z.strictObject({
  prompt: z.string().min(1).describe('The column of prompts sent to the model'),
  references: z
    .array(z.string().min(1))
    .min(1)
    .max(50)
    .describe('The columns of reference texts (several: several references per prompt)'),
  outputs: z
    .string()
    .min(1)
    .optional()
    .describe('A column of outputs already produced: scored as they are, the model is not called'),
  metrics: z
    .array(ZTextMetricRequestSchema)
    .min(1)
    .max(4)
    .default([{ name: 'bleu' }, { name: 'chrf' }, { name: 'ter' }, { name: 'rouge' }])
    .describe('@default bleu, chrf, ter and rouge'),
  confidence: ZTextConfidenceSchema.optional(),
});
export type TTextEvaluationRequest = z.input<typeof ZTextEvaluationRequestSchema>;
