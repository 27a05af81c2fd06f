import { z } from 'zod';
import { ZAliasNameSchema } from '../aliases/alias.schemas.js';
import { SHADOW_TEST_STATUSES, ZIdSchema, ZInstantSchema } from '../common.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { ZVersionNumberSchema } from '../versions/version.schemas.js';

export const ZShadowTestStatusSchema = z.enum(SHADOW_TEST_STATUSES);

/**
 * A remote (KServe v2) endpoint as a shadow candidate: the staging test. The same descriptor as a
 * `remote` version's artifact; the API checks it with the core's parser and the outbound policy.
 */
export const ZRemoteCandidateSchema = z
  .object({
    url: z.string().min(1).max(2048),
    protocol: z.literal('kserve-v2'),
    modelName: z.string().min(1).max(256),
  })
  .catchall(z.unknown())
  .refine((d) => JSON.stringify(d).length <= 64 * 1024, 'the descriptor must be at most 64 KiB')
  .meta({ id: 'RemoteCandidate' });

/** The candidate: another version of the model, or a remote endpoint. */
export const ZShadowCandidateSchema = z.union([
  z.strictObject({ version: ZVersionNumberSchema.describe('A version of the same model') }),
  z.strictObject({
    remote: ZRemoteCandidateSchema.describe('A remote endpoint (KServe v2): the staging test'),
  }),
]);

/**
 * Start mirroring predictions through `alias` to a candidate: a `sampleFraction` of them (0..1),
 * until `endsAt` and/or `maxRequests` mirrored requests (at least one end).
 */
export const ZStartShadowTestFieldsSchema = z.object({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  alias: ZAliasNameSchema,
  candidate: ZShadowCandidateSchema,
  sampleFraction: z
    .number()
    .min(0, 'sampleFraction must be between 0 and 1')
    .max(1, 'sampleFraction must be between 0 and 1')
    .default(1),
  endsAt: ZInstantSchema.optional().describe('When mirroring stops (ISO-8601 instant)'),
  maxRequests: z
    .number()
    .int()
    .min(1, 'maxRequests must be at least 1')
    .max(1_000_000_000)
    .optional()
    .describe('Or after this many mirrored requests'),
  createdBy: z.string().max(256).optional(),
});

/** A shadow test needs an end: a time, a count of mirrored requests, or both. */
export function requireShadowTestEnd(
  v: { endsAt?: unknown; maxRequests?: unknown },
  ctx: z.RefinementCtx,
): void {
  if (v.endsAt === undefined && v.maxRequests === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['endsAt'],
      message: 'give an end: endsAt, maxRequests or both',
    });
  }
}

export const ZStartShadowTestSchema =
  ZStartShadowTestFieldsSchema.superRefine(requireShadowTestEnd);

export type TStartShadowTestSchema = z.input<typeof ZStartShadowTestSchema>;
export type TShadowCandidateSchema = z.infer<typeof ZShadowCandidateSchema>;
