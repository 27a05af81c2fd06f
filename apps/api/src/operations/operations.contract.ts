import { ZGcArtifactsResultSchema } from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';

export const ZArtifactGcBodySchema = z
  .object({
    dryRun: z.boolean().default(false).describe('Only report what would be deleted'),
    graceHours: z
      .number()
      .min(1 / 60)
      .max(24 * 365)
      .default(24)
      .describe('Keep unreferenced artifacts younger than this (uploads in flight are young)'),
  })
  .strict();

export const artifactGcRoute = defineRoute({
  method: 'post',
  role: 'admin',
  path: '/v1/operations/artifacts/gc',
  operationId: 'collectArtifacts',
  summary: 'Delete stored artifacts no model version or dataset references (operators)',
  description:
    'For admins of the bootstrap project. Deletes model artifacts and dataset files that nothing references and that are older than the grace period, and leftover temporary files, in the local store or the S3 bucket. Audited.',
  tag: 'operations',
  body: ZArtifactGcBodySchema,
  responses: {
    200: {
      description: 'What was (or, with dryRun, would be) deleted',
      schema: ZGcArtifactsResultSchema,
    },
  },
});
