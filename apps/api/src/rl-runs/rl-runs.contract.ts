import { ZCompareReturnsResultSchema, ZEpisodeCurvesResultSchema } from '@assay/core';
import {
  integerParam,
  MAX_RL_REWARD_BATCH,
  ZCreateRlRunFieldsSchema,
  ZIdempotencyKeySchema,
  ZIdSchema,
  ZNameSchema,
  ZPageRequestSchema,
  ZProjectNameSchema,
  ZRlRewardInputSchema,
  ZRlRewardsAppendedSchema,
  ZRlRunSchema,
} from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';
import { pageOf } from '../openapi/schemas.js';

export const ZRlProjectPathSchema = z.object({ project: ZProjectNameSchema }).strict();
export const ZRlRunPathSchema = z
  .object({ project: ZProjectNameSchema, id: ZIdSchema.describe('RL run id') })
  .strict();
export const ZRlComparePathSchema = z
  .object({
    project: ZProjectNameSchema,
    id: ZIdSchema.describe('Agent A: an RL run id'),
    other: ZIdSchema.describe('Agent B: another RL run id of the project'),
  })
  .strict();

/**
 * A number in a query string: a plain decimal (`1`, `0.99`; `.5`, `1e-3` and signs are refused) is
 * read as a number that `inner` then checks (the range); anything else is refused, not coerced.
 */
const unitParam = <S extends z.ZodType<number>>(inner: S) =>
  z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    if (/^(?:0|[1-9][0-9]{0,15})(?:\.[0-9]{1,17})?$/.test(value)) return Number(value);
    ctx.addIssue({
      code: 'custom',
      message: `expected a decimal number such as 0.99, got ${JSON.stringify(value.slice(0, 40))}`,
    });
    return z.NEVER;
  }, inner);

const ZGammaParamSchema = unitParam(
  z.number().min(0, 'gamma must lie in [0, 1]').max(1, 'gamma must lie in [0, 1]'),
).describe('Discount factor γ: an episode’s return is Σ γ^step · reward (default 1)');

/** A new run: the registry's fields minus what the path and the key supply. */
export const ZCreateRlRunBodySchema = ZCreateRlRunFieldsSchema.omit({
  projectId: true,
  createdBy: true,
}).strict();

export const ZListRlRunsQuerySchema = ZPageRequestSchema.extend({
  agent: ZNameSchema.optional().describe('Only this agent’s runs'),
  environment: ZNameSchema.optional().describe('Only runs in this environment'),
}).strict();

export const ZRewardsHeadersSchema = z
  .object({
    'idempotency-key': ZIdempotencyKeySchema.describe(
      'One key per batch (a UUID): a retried batch with the same key is stored once',
    ),
  })
  .passthrough();

export const ZRewardsBodySchema = z
  .object({
    rewards: z
      .array(ZRlRewardInputSchema)
      .min(1, 'send at least one reward')
      .max(MAX_RL_REWARD_BATCH, `send at most ${MAX_RL_REWARD_BATCH} rewards per batch`),
  })
  .strict();

export const ZRlReportQuerySchema = z
  .object({
    gamma: ZGammaParamSchema.optional(),
    points: integerParam(
      z
        .number()
        .int('points must be an integer')
        .min(3, 'points must be at least 3')
        .max(5000, 'points must be at most 5000'),
    )
      .optional()
      .describe('Points per curve at most (LTTB downsampling beyond; default 500)'),
  })
  .strict();

export const ZRlReportSchema = z
  .object({
    run: ZRlRunSchema,
    gamma: z.number(),
    steps: z.number().int().describe('Rewards stored'),
    curves: ZEpisodeCurvesResultSchema.nullable().describe('null while the run has no reward'),
  })
  .meta({ id: 'RlRunReport' });

export const ZRlCompareQuerySchema = z
  .object({
    gamma: ZGammaParamSchema.optional(),
    nResamples: integerParam(
      z
        .number()
        .int('nResamples must be an integer')
        .min(1, 'nResamples must be at least 1')
        .max(10_000, 'nResamples must be at most 10000'),
    )
      .optional()
      .describe('Bootstrap resamples (default 1000)'),
    seed: integerParam(z.number().int().min(0, 'seed must be at least 0'))
      .optional()
      .describe('Seed of the bootstrap (NumPy default_rng; default 0)'),
    confidenceLevel: unitParam(
      z
        .number()
        .gt(0, 'confidenceLevel must lie in (0, 1)')
        .lt(1, 'confidenceLevel must lie in (0, 1)'),
    )
      .optional()
      .describe('Of the bootstrap interval (default 0.95)'),
  })
  .strict();

export const ZRlComparisonSchema = z
  .object({
    a: ZRlRunSchema,
    b: ZRlRunSchema,
    gamma: z.number(),
    comparison: ZCompareReturnsResultSchema,
  })
  .meta({ id: 'RlRunComparison' });

const tag = 'rl-runs';
const path = '/v1/projects/{project}/rl-runs';

export const createRlRunRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path,
  operationId: 'createRlRun',
  summary: 'Create an RL evaluation run of an agent in an environment',
  tag,
  pathParams: ZRlProjectPathSchema,
  body: ZCreateRlRunBodySchema,
  responses: { 201: { description: 'The run', schema: ZRlRunSchema } },
});

export const listRlRunsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path,
  operationId: 'listRlRuns',
  summary: 'A project’s RL runs, newest first',
  tag,
  pathParams: ZRlProjectPathSchema,
  query: ZListRlRunsQuerySchema,
  responses: { 200: { description: 'A page of runs', schema: pageOf(ZRlRunSchema) } },
});

export const getRlRunRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: `${path}/{id}`,
  operationId: 'getRlRun',
  summary: 'An RL run',
  tag,
  pathParams: ZRlRunPathSchema,
  responses: { 200: { description: 'The run', schema: ZRlRunSchema } },
});

export const postRlRewardsRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: `${path}/{id}/rewards`,
  operationId: 'postRlRewards',
  summary: 'Post a batch of rewards (up to 10 000), once per Idempotency-Key',
  description:
    'Each reward: its episode, its step in the episode (omit for one reward per episode) and, where known, the optimal policy’s reward at that step. A retried batch with the same key stores nothing and answers `duplicate: true`. A reward for an (episode, step) already stored is a 409 and nothing of the batch is stored.',
  tag,
  pathParams: ZRlRunPathSchema,
  headers: ZRewardsHeadersSchema,
  body: ZRewardsBodySchema,
  responses: { 201: { description: 'What was stored', schema: ZRlRewardsAppendedSchema } },
});

export const rlRunReportRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: `${path}/{id}/report`,
  operationId: 'getRlRunReport',
  summary: 'Reward per return per episode, regret and cumulative regret',
  description:
    'Episode returns are reduced in the database (Σ γ^step · reward per episode); the core gives the mean, std, min and max of the returns and, over the episodes whose every step has an optimal reward, the regret (optimal − return) per episode and its running sum. Curves longer than `points` are downsampled by LTTB.',
  tag,
  pathParams: ZRlRunPathSchema,
  query: ZRlReportQuerySchema,
  responses: { 200: { description: 'The report', schema: ZRlReportSchema } },
});

export const compareRlRunsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: `${path}/{id}/compare/{other}`,
  operationId: 'compareRlRuns',
  summary: 'Compare two agents on their episode returns (A = id, B = other)',
  description:
    'Welch’s t-test and the Mann–Whitney U test (SciPy’s choice of exact or asymptotic) on the two runs’ episode returns, and the percentile bootstrap interval of the difference in mean return A − B (each run resampled on its own; seeded, reproducible). A run without rewards is a 409.',
  tag,
  pathParams: ZRlComparePathSchema,
  query: ZRlCompareQuerySchema,
  responses: { 200: { description: 'The comparison', schema: ZRlComparisonSchema } },
});

export const rlRunRoutes = [
  createRlRunRoute,
  listRlRunsRoute,
  getRlRunRoute,
  postRlRewardsRoute,
  rlRunReportRoute,
  compareRlRunsRoute,
] as const;
