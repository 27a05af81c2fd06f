import { z } from 'zod';
import {
  ARTIFACT_FORMATS,
  FEATURE_TYPES,
  ZActorSchema,
  ZDescriptionSchema,
  ZIdSchema,
  ZSha256Schema,
  ZTagsSchema,
} from '../common.js';
import { ZModelNameSchema } from '../models/model.schemas.js';

export const ZArtifactFormatSchema = z.enum(ARTIFACT_FORMATS);

/** Everything about a new version except its artifact bytes. */
export const ZCreateVersionMetaSchema = z.object({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  format: ZArtifactFormatSchema,
  expectedSha256: ZSha256Schema.optional(),
  description: ZDescriptionSchema.optional(),
  tags: ZTagsSchema.optional(),
  createdBy: ZActorSchema.optional(),
});

/** Feature types of an input signature (the core's adapters take `numeric` input). */
export const ZFeatureTypeSchema = z.enum(FEATURE_TYPES);

/** The columns a model version expects, in order: `{ features: [{ name, type }] }`. */
export const ZInputSignatureSchema = z
  .object({
    features: z
      .array(
        z
          .object({
            name: z
              .string()
              .min(1, 'feature name must not be empty')
              .max(250, 'feature name must be at most 250 characters'),
            type: ZFeatureTypeSchema,
          })
          .strict(),
      )
      .min(1, 'an input signature needs at least one feature')
      .max(10_000, 'at most 10000 features'),
  })
  .strict()
  .refine(
    (signature) =>
      new Set(signature.features.map((f) => f.name)).size === signature.features.length,
    { message: 'feature names must be unique', path: ['features'] },
  );

const ZSignatureLabelSchema = z.union([z.string().min(1).max(250), z.number()]);

/**
 * What a model version predicts per row, as in the core's `ModelOutput`: `regression`
 * (`nOutputs` values), `probability` (P(class = classes[1]) of a binary classifier) or
 * `probabilities` (one column per class).
 */
export const ZOutputSignatureSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('regression'), nOutputs: z.number().int().min(1).max(100_000) })
    .strict(),
  z
    .object({
      kind: z.literal('probability'),
      classes: z.tuple([ZSignatureLabelSchema, ZSignatureLabelSchema]),
    })
    .strict(),
  z
    .object({
      kind: z.literal('probabilities'),
      classes: z.array(ZSignatureLabelSchema).min(2).max(100_000),
    })
    .strict(),
]);

/**
 * A new version's metadata with its lineage and signatures. `ZCreateVersionMetaSchema` stays the
 * query-string-friendly subset (the API derives its upload query from it).
 */
export const ZCreateVersionSchema = ZCreateVersionMetaSchema.extend({
  /** The run that produced the version; it must belong to the same project. */
  sourceRunId: ZIdSchema.optional(),
  inputSignature: ZInputSignatureSchema.optional(),
  outputSignature: ZOutputSignatureSchema.optional(),
});

/**
 * Integers are integers: a JSON number with no fraction, never a string, a boolean or an array
 * (`"2"`, `true`, `[2]` used to be coerced). `1e0` and `2.0` are the JSON numbers 1 and 2 and
 * pass: JSON cannot tell them apart from `1` and `2`.
 */
export const ZVersionNumberSchema = z
  .number('version must be an integer (a JSON number)')
  .int('version must be an integer')
  .min(1, 'version must be at least 1')
  .max(2_147_483_647, 'version must be at most 2147483647');

export type TCreateVersionMetaSchema = z.infer<typeof ZCreateVersionMetaSchema>;
export type TCreateVersionSchema = z.infer<typeof ZCreateVersionSchema>;
export type TInputSignatureSchema = z.infer<typeof ZInputSignatureSchema>;
export type TOutputSignatureSchema = z.infer<typeof ZOutputSignatureSchema>;
