import { ZGateRefusalSchema, ZPageRequestSchema } from '@assay/registry';
import { z } from 'zod';

/** The problem-details body of every error response. */
export const ZProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    errorId: z.string().optional(),
    gate: ZGateRefusalSchema.optional().describe(
      'A guarded alias move refused by its gate (409): the policy version and the failing checks',
    ),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** Pagination query: the registry's page request, refusing unknown parameters. */
export const ZPageQuerySchema = ZPageRequestSchema.strict();

// Response shapes are the registry's (one owner per shape), under the names the contracts use.
export {
  ZAliasEventSchema,
  ZExperimentSchema,
  ZLoggedMetricPointSchema as ZMetricPointOutSchema,
  ZModelAliasSchema,
  ZModelVersionSchema,
  ZPageSchema as pageOf,
  ZRegisteredModelSchema as ZModelSchema,
  ZRegisteredModelWithVersionsSchema as ZModelWithVersionsSchema,
  ZRunSchema,
} from '@assay/registry';
