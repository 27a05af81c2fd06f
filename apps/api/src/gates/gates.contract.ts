import {
  checkGateMetricsOnce,
  integerParam,
  ZAliasNameSchema,
  ZGatePolicySchema,
  ZGatePolicySpecSchema,
  ZGateReportSchema,
  ZIdSchema,
  ZModelNameSchema,
  ZPageRequestSchema,
  ZProjectNameSchema,
  ZVersionNumberSchema,
} from '@assay/registry';
import { z } from 'zod';
import { ZIdempotencyHeadersSchema } from '../http/idempotency.js';
import { ZJobSchema } from '../jobs/jobs.contract.js';
import { defineRoute } from '../openapi/contract.js';
import { pageOf } from '../openapi/schemas.js';

const base = { project: ZProjectNameSchema, model: ZModelNameSchema };
export const ZGateModelPathSchema = z.object(base).strict();
export const ZGateAliasPathSchema = z
  .object({ ...base, alias: ZAliasNameSchema.describe('The guarded alias, e.g. production') })
  .strict();
export const ZGateReportPathSchema = z
  .object({ project: ZProjectNameSchema, report: ZIdSchema.describe('Gate report id') })
  .strict();

/** A new policy version: the whole policy, and the version you read (0: none) to update safely. */
export const ZPutGatePolicyBodySchema = ZGatePolicySpecSchema.extend({
  expectedVersion: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('The current policy version you read (0: none yet); a 409 when another update won'),
})
  .strict()
  .superRefine(checkGateMetricsOnce);

export const ZGetGatePolicyQuerySchema = z
  .object({
    version: integerParam(z.number().int().min(1))
      .optional()
      .describe('A past policy version (default: the current one)'),
  })
  .strict();

export const ZListGatePoliciesQuerySchema = ZPageRequestSchema.extend({
  alias: ZAliasNameSchema.optional().describe('Only this alias’s policy versions'),
}).strict();

export const ZListGateReportsQuerySchema = ZPageRequestSchema.extend({
  alias: ZAliasNameSchema.optional().describe('Only reports of this alias’s gate'),
  version: integerParam(ZVersionNumberSchema).optional().describe('Only reports of this candidate'),
}).strict();

/** A gate run's evidence as a request names it (the stored form adds what was found). */
export const ZRunGateEvidenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dataset'), datasetId: ZIdSchema }).strict(),
  z.object({ kind: z.literal('shadow'), shadowTestId: ZIdSchema }).strict(),
]);

export const ZRunGateBodySchema = z
  .object({
    version: ZVersionNumberSchema.describe('The candidate version'),
    evidence: ZRunGateEvidenceSchema.optional().describe(
      "Where the evidence comes from: the policy's reference dataset (default), or a shadow test of this candidate on this alias, whose live summary the report then carries (the checks are judged on the reference dataset either way)",
    ),
    async: z
      .boolean()
      .optional()
      .describe(
        'true: run as a job and answer 202; false: within the request; absent: a job when the reference dataset has more rows than a request runs, or with an Idempotency-Key',
      ),
  })
  .strict();

/** A stored gate job's input: the policy version current when it was queued. */
export const ZGateJobInputSchema = z
  .object({
    model: ZModelNameSchema,
    alias: ZAliasNameSchema,
    policyVersion: z.number().int().min(1),
    version: ZVersionNumberSchema,
    shadowTestId: ZIdSchema.optional(),
    abTestId: ZIdSchema.optional(),
  })
  .strict();

export const putGatePolicyRoute = defineRoute({
  method: 'put',
  role: 'admin',
  path: '/v1/projects/{project}/models/{model}/aliases/{alias}/gate-policy',
  operationId: 'putGatePolicy',
  summary: "Write the next version of an alias's gate policy",
  description:
    'Each update makes a new immutable policy version (the first guards the alias from then on): a reference dataset (target, features) and checks — absolute thresholds, relative to the alias’s current holder (margin, or not significantly worse at α by the paired test), fairness bounds per sensitive column, predict latency percentile, artifact size. Moving the alias then needs a passing gate report under the current version.',
  tag: 'gates',
  pathParams: ZGateAliasPathSchema,
  body: ZPutGatePolicyBodySchema,
  responses: { 200: { description: 'The new policy version', schema: ZGatePolicySchema } },
});

export const getGatePolicyRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/aliases/{alias}/gate-policy',
  operationId: 'getGatePolicy',
  summary: "An alias's gate policy: the current version, or a past one",
  tag: 'gates',
  pathParams: ZGateAliasPathSchema,
  query: ZGetGatePolicyQuerySchema,
  responses: { 200: { description: 'The policy version', schema: ZGatePolicySchema } },
});

export const listGatePoliciesRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/gate-policies',
  operationId: 'listGatePolicies',
  summary: "Every gate policy version of a model's aliases, newest first",
  tag: 'gates',
  pathParams: ZGateModelPathSchema,
  query: ZListGatePoliciesQuerySchema,
  responses: {
    200: { description: 'A page of policy versions', schema: pageOf(ZGatePolicySchema) },
  },
});

export const runGateRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/projects/{project}/models/{model}/aliases/{alias}/gate-runs',
  operationId: 'runGate',
  summary: "Run an alias's gate on a candidate version",
  description:
    'Under the current policy version: the candidate’s batch test on the reference dataset, its comparison with the alias’s current holder, and each check with its numbers, pass or fail and why. Answers the stored gate report (201), or a job (202; its result names the `gateReportId`).',
  tag: 'gates',
  pathParams: ZGateAliasPathSchema,
  headers: ZIdempotencyHeadersSchema,
  body: ZRunGateBodySchema,
  responses: {
    201: { description: 'The stored gate report', schema: ZGateReportSchema },
    202: { description: 'The job that runs the gate', schema: ZJobSchema },
  },
});

export const getGateReportRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/gate-reports/{report}',
  operationId: 'getGateReport',
  summary: 'A gate report',
  tag: 'gates',
  pathParams: ZGateReportPathSchema,
  responses: { 200: { description: 'The gate report', schema: ZGateReportSchema } },
});

export const listGateReportsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/gate-reports',
  operationId: 'listGateReports',
  summary: "A model's gate reports, newest first",
  tag: 'gates',
  pathParams: ZGateModelPathSchema,
  query: ZListGateReportsQuerySchema,
  responses: { 200: { description: 'A page of gate reports', schema: pageOf(ZGateReportSchema) } },
});

export const ZShadowGatePathSchema = z
  .object({ ...base, id: ZIdSchema.describe('The shadow test whose candidate is gated') })
  .strict();
export const ZShadowGateBodySchema = ZRunGateBodySchema.pick({ async: true }).strict();

export const runGateFromShadowRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/projects/{project}/models/{model}/shadow-tests/{id}/gate-runs',
  operationId: 'runGateFromShadowTest',
  summary: "Run the gate of a shadow test's alias on its candidate",
  description:
    'One call from shadow to gate: the current policy of the alias the test shadows runs on the test’s candidate version, as `POST …/aliases/{alias}/gate-runs` with `evidence: { kind: "shadow", shadowTestId }` does. The report carries the test’s live summary (agreement, error and timeout rates, latencies, the labelled rows’ paired comparison); once labels exist, each relative check is judged on the labelled rows too (candidate vs the holder that answered them) and must pass there as well; a move it allows records it in the ledger. A remote endpoint is gated like any version once registered as one (format remote) and shadowed; a test of an unregistered remote endpoint is refused (400).',
  tag: 'gates',
  pathParams: ZShadowGatePathSchema,
  headers: ZIdempotencyHeadersSchema,
  body: ZShadowGateBodySchema,
  responses: {
    201: { description: 'The stored gate report', schema: ZGateReportSchema },
    202: { description: 'The job that runs the gate', schema: ZJobSchema },
  },
});

export const gateRoutes = [
  putGatePolicyRoute,
  getGatePolicyRoute,
  listGatePoliciesRoute,
  runGateRoute,
  runGateFromShadowRoute,
  getGateReportRoute,
  listGateReportsRoute,
] as const;
