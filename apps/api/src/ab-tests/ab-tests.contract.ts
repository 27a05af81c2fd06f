import { ZAbTestAnalysisSchema } from '@assay/core/abtest';
import {
  AB_TEST_METHODS,
  checkAbTestSpec,
  integerParam,
  MAX_AB_ASSIGN_BATCH,
  MAX_AB_EVENT_BATCH,
  ZAbEventInputSchema,
  ZAbTestSchema,
  ZAbTestStatusSchema,
  ZCreateAbTestFieldsSchema,
  ZGateReportSchema,
  ZIdempotencyKeySchema,
  ZIdSchema,
  ZModelNameSchema,
  ZPageRequestSchema,
  ZProjectNameSchema,
  ZReasonSchema,
  ZUnitIdSchema,
  ZUpdateAbTestSchema,
} from '@assay/registry';
import { z } from 'zod';
import { ZJobSchema } from '../jobs/jobs.contract.js';
import { defineRoute } from '../openapi/contract.js';
import { pageOf } from '../openapi/schemas.js';

export const ZAbProjectPathSchema = z.object({ project: ZProjectNameSchema }).strict();
export const ZAbTestPathSchema = z
  .object({ project: ZProjectNameSchema, id: ZIdSchema.describe('A/B test id') })
  .strict();

/** A new test: the registry's fields minus what the path, the key and the planner supply. */
export const ZCreateAbTestBodySchema = ZCreateAbTestFieldsSchema.omit({
  projectId: true,
  createdBy: true,
  planResult: true,
})
  .extend({ model: ZModelNameSchema.describe('The model whose versions are tested') })
  .omit({ modelName: true })
  .strict()
  .superRefine(checkAbTestSpec);

export const ZListAbTestsQuerySchema = ZPageRequestSchema.extend({
  model: ZModelNameSchema.optional(),
  status: ZAbTestStatusSchema.optional(),
}).strict();

export const ZUpdateAbTestBodySchema = ZUpdateAbTestSchema;

export const ZAssignBodySchema = z
  .object({
    units: z
      .array(ZUnitIdSchema)
      .min(1, 'send at least one unit id')
      .max(MAX_AB_ASSIGN_BATCH, `send at most ${MAX_AB_ASSIGN_BATCH} unit ids per request`),
  })
  .strict();

export const ZAbAssignmentOutSchema = z.object({
  unitId: z.string(),
  variant: z
    .number()
    .int()
    .describe(
      'Variant index (0 = control); -1: outside the coverage (holdout), served the control',
    ),
  name: z.string().nullable().describe('The variant’s name; null for the holdout'),
  version: z
    .number()
    .int()
    .nullable()
    .describe('The version serving it now (an alias resolved); null when the alias is unset'),
  first: z.boolean().describe('true when this call recorded the unit’s first exposure'),
});

export const ZAssignResponseSchema = z.object({
  abTest: z.string(),
  status: ZAbTestStatusSchema,
  assignments: z.array(ZAbAssignmentOutSchema),
});

export const ZEventsHeadersSchema = z
  .object({
    'idempotency-key': ZIdempotencyKeySchema.describe(
      'One key per batch (a UUID): a retried batch with the same key is stored once',
    ),
  })
  .passthrough();

export const ZEventsBodySchema = z
  .object({
    events: z
      .array(ZAbEventInputSchema)
      .min(1, 'send at least one event')
      .max(MAX_AB_EVENT_BATCH, `send at most ${MAX_AB_EVENT_BATCH} events per batch`),
  })
  .strict();

export const ZEventsResponseSchema = z.object({
  stored: z.number().int().describe('Events stored by this call (0 for a retried batch)'),
  duplicate: z.boolean().describe('true: this batch key was stored before; nothing was added'),
});

export const ZAnalysisQuerySchema = z
  .object({
    method: z.enum(AB_TEST_METHODS).optional().describe('Default: the test’s method'),
    correction: z
      .enum(['holm', 'benjamini-hochberg', 'none'])
      .optional()
      .describe('Across primary metrics (default holm)'),
    cuped: z
      .enum(['true', 'false'])
      .optional()
      .describe('Adjust with the pre-period covariate (default true)'),
    days: integerParam(
      z.number().int().min(1, 'days must be at least 1').max(90, 'days must be at most 90'),
    )
      .optional()
      .describe('Days of the interval-over-time series, newest last (default 30)'),
  })
  .strict();

export const ZAbSeriesPointSchema = z.object({
  day: z.string().describe('UTC day (YYYY-MM-DD); statistics up to its end'),
  metric: z.string(),
  variant: z.number().int(),
  units: z.number().int(),
  estimate: z.number().nullable().describe('Relative lift vs control'),
  ci: z.tuple([z.number(), z.number()]).nullable(),
});

export const ZAbAnalysisResponseSchema = z
  .object({
    abTest: ZAbTestSchema,
    until: z.string().describe('Events and exposures up to this instant'),
    analysis: ZAbTestAnalysisSchema,
    exposuresByDay: z.array(
      z.object({ day: z.string(), variant: z.number().int(), units: z.number().int() }),
    ),
    series: z.array(ZAbSeriesPointSchema).describe('The interval of each metric’s lift per day'),
  })
  .meta({ id: 'AbTestReport' });

export const ZStopAbTestBodySchema = z
  .object({
    winner: z
      .string()
      .min(1)
      .nullable()
      .describe('The winning variant’s name, or null (no winner: the control is served)'),
    reason: ZReasonSchema.optional(),
    override: z
      .object({ reason: ZReasonSchema.min(1, 'give the reason for the override') })
      .strict()
      .optional()
      .describe('Admins only: decide despite a sample-ratio mismatch'),
    async: z.boolean().optional().describe('Run the winner’s gate as a job (202 semantics)'),
  })
  .strict();

export const ZStopAbTestResponseSchema = z.object({
  abTest: ZAbTestSchema,
  gate: z
    .object({ report: ZGateReportSchema.nullable(), job: ZJobSchema.nullable() })
    .nullable()
    .describe('The winner’s gate on the test’s alias: its report, or the job running it'),
});

const tag = 'ab-tests';
const path = '/v1/projects/{project}/ab-tests';

export const createAbTestRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path,
  operationId: 'createAbTest',
  summary: 'Create an A/B test of versions of a model',
  description:
    'Variants name a version or an alias (resolved when a unit is served) with a weight; the first is the control. Units are assigned by GrowthBook’s hashing (FNV-1a v2 of salt + unit id, bucket ranges by weight and coverage), so a client can reproduce it. With a plan, the planner’s sample size and duration are stored. A draft takes no traffic until started (`PATCH` with `status: running`, or `start: true` here).',
  tag,
  pathParams: ZAbProjectPathSchema,
  body: ZCreateAbTestBodySchema,
  responses: { 201: { description: 'The test', schema: ZAbTestSchema } },
});

export const listAbTestsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path,
  operationId: 'listAbTests',
  summary: 'A project’s A/B tests, newest first',
  tag,
  pathParams: ZAbProjectPathSchema,
  query: ZListAbTestsQuerySchema,
  responses: { 200: { description: 'A page of tests', schema: pageOf(ZAbTestSchema) } },
});

export const getAbTestRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: `${path}/{id}`,
  operationId: 'getAbTest',
  summary: 'An A/B test',
  tag,
  pathParams: ZAbTestPathSchema,
  responses: { 200: { description: 'The test', schema: ZAbTestSchema } },
});

export const updateAbTestRoute = defineRoute({
  method: 'patch',
  role: 'editor',
  path: `${path}/{id}`,
  operationId: 'updateAbTest',
  summary: 'Ramp an A/B test up or down (weights, coverage), or start a draft',
  description:
    'Units already assigned keep their variant (their first exposure is stored); new units are assigned under the new weights. `reassign: true` forgets every stored exposure and starts a new phase: events before it no longer count.',
  tag,
  pathParams: ZAbTestPathSchema,
  body: ZUpdateAbTestBodySchema,
  responses: { 200: { description: 'The test', schema: ZAbTestSchema } },
});

export const assignAbTestRoute = defineRoute({
  method: 'post',
  role: 'viewer',
  path: `${path}/{id}/assignments`,
  operationId: 'assignAbTest',
  summary: 'Assign units to variants (for teams that run the model themselves)',
  description:
    'Each unit’s variant: the stored one if it was exposed before, else its hash under the current weights; the first exposure is recorded once (idempotent). A stopped test answers its decision for every unit (the winner, or the control) and records nothing; a draft is a 409.',
  tag,
  pathParams: ZAbTestPathSchema,
  body: ZAssignBodySchema,
  responses: {
    200: { description: 'One assignment per unit, in order', schema: ZAssignResponseSchema },
  },
});

export const logAbEventsRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: `${path}/{id}/events`,
  operationId: 'logAbEvents',
  summary: 'Log a batch of outcome events (up to 10 000), once per Idempotency-Key',
  description:
    'Each event: a unit id, an event name (a metric’s `event` or `denominator`), a value (default 1), when (default now) and the unit’s pre-period value (`pre`, for CUPED; to send only a covariate, use value 0). Only events of exposed units count in the analysis. A retried batch with the same key stores nothing and answers `duplicate: true`.',
  tag,
  pathParams: ZAbTestPathSchema,
  headers: ZEventsHeadersSchema,
  body: ZEventsBodySchema,
  responses: { 201: { description: 'What was stored', schema: ZEventsResponseSchema } },
});

export const abTestAnalysisRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: `${path}/{id}/analysis`,
  operationId: 'getAbTestAnalysis',
  summary: 'The analysis: SRM, each metric’s lift with its interval, P(B > A), the decision',
  description:
    'Events are reduced to sufficient statistics in the database (per variant and metric: units, sums, sums of squares and products; a ratio per unit; the CUPED covariate) and analysed by the core (frequentist, Bayesian or sequential, GrowthBook’s engine). Also exposures per day and each lift’s interval at the end of every day (cumulative), for the plot.',
  tag,
  pathParams: ZAbTestPathSchema,
  query: ZAnalysisQuerySchema,
  responses: { 200: { description: 'The report', schema: ZAbAnalysisResponseSchema } },
});

export const stopAbTestRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: `${path}/{id}/stop`,
  operationId: 'stopAbTest',
  summary: 'Stop an A/B test with its decision; a winner starts the gate of the test’s alias',
  description:
    'The decision stores the analysis it rested on; from then on every unit is served the winner (or the control). A sample-ratio mismatch refuses a winner (409 naming it) unless an admin overrides with a reason; stopping with no winner (the control kept) is always allowed. With a winner and an alias on the test, the alias’s gate runs on the winner’s version with the A/B report as its evidence: moving the alias then cites that gate report, and `…/aliases/{alias}/why` leads back to the A/B test.',
  tag,
  pathParams: ZAbTestPathSchema,
  body: ZStopAbTestBodySchema,
  responses: {
    200: { description: 'The stopped test and its gate', schema: ZStopAbTestResponseSchema },
  },
});

export const abTestRoutes = [
  createAbTestRoute,
  listAbTestsRoute,
  getAbTestRoute,
  updateAbTestRoute,
  assignAbTestRoute,
  logAbEventsRoute,
  abTestAnalysisRoute,
  stopAbTestRoute,
] as const;
