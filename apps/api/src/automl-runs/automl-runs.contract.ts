import { AUTOML_METRICS, LEARNER_FAMILIES } from '@assay/core/automl';
import {
  AUTOML_RUN_STATUSES,
  ZAutoMlRunSchema,
  ZIdSchema,
  ZModelNameSchema,
  ZPageRequestSchema,
  ZProjectNameSchema,
} from '@assay/registry';
import { z } from 'zod';
import { ZJobSchema } from '../jobs/jobs.contract.js';
import { defineRoute } from '../openapi/contract.js';
import { pageOf } from '../openapi/schemas.js';

/** Bounds of a run's budget: long enough to fit one model, short enough to hold a worker. */
export const MIN_AUTOML_BUDGET_SECONDS = 1;
export const MAX_AUTOML_BUDGET_SECONDS = 3600;
/** At most this many trials of one run in flight (there are five families). */
export const MAX_PARALLEL_TRIALS = 5;

export const ZAutoMlProjectPathSchema = z.object({ project: ZProjectNameSchema }).strict();
export const ZAutoMlRunPathSchema = z
  .object({ project: ZProjectNameSchema, id: ZIdSchema.describe('AutoML run id') })
  .strict();

const ZColumnSchema = z.string().min(1, 'a column name must not be empty').max(1024);

/** What a client asks for: the core's settings under the API's names, and where the model goes. */
export const ZStartAutoMlBodySchema = z
  .object({
    datasetId: ZIdSchema.describe('A dataset uploaded to this project (CSV, JSON or Parquet)'),
    target: ZColumnSchema.describe('The column to predict'),
    task: z
      .enum(['binary', 'multiclass', 'regression'], 'task must be binary, multiclass or regression')
      .optional()
      .describe('Detected from the target when omitted'),
    metric: z
      .enum(AUTOML_METRICS, `metric must be one of ${AUTOML_METRICS.join(', ')}`)
      .optional()
      .describe('What the search optimises (accuracy or r2 when omitted)'),
    budgetSeconds: z
      .number('budgetSeconds must be a number of seconds')
      .min(MIN_AUTOML_BUDGET_SECONDS, `budgetSeconds must be at least ${MIN_AUTOML_BUDGET_SECONDS}`)
      .max(MAX_AUTOML_BUDGET_SECONDS, `budgetSeconds must be at most ${MAX_AUTOML_BUDGET_SECONDS}`)
      .describe('Wall-clock budget of the search and the refit'),
    maxTrials: z
      .number()
      .int('maxTrials must be an integer')
      .min(1, 'maxTrials must be at least 1')
      .max(10_000, 'maxTrials must be at most 10000')
      .optional()
      .describe('Stop after this many trials (with a seed: the same leaderboard every time)'),
    seed: z
      .number()
      .int('seed must be an integer')
      .min(0, 'seed must be at least 0')
      .max(0xffffffff, 'seed must be at most 4294967295')
      .optional()
      .describe('Seeds folds, search and fits (default 0)'),
    excludeColumns: z
      .array(ZColumnSchema)
      .max(10_000)
      .optional()
      .describe('Columns never used as features'),
    families: z
      .array(z.enum(LEARNER_FAMILIES, `families must be among ${LEARNER_FAMILIES.join(', ')}`))
      .min(1, 'families must name at least one family (omit it for all)')
      .optional()
      .describe('Model families to search (all available when omitted)'),
    parallelTrials: z
      .number()
      .int('parallelTrials must be an integer')
      .min(1, 'parallelTrials must be at least 1')
      .max(MAX_PARALLEL_TRIALS, `parallelTrials must be at most ${MAX_PARALLEL_TRIALS}`)
      .optional()
      .describe(
        'Trials in flight at once, at most one per family. Each runs in a compute thread; when jobs run on Redis workers, all but one are handed to the queue as `automl-trial` jobs that any worker runs. With maxTrials and a seed, the same parallelTrials gives the same leaderboard. Default: ASSAY_AUTOML_PARALLEL_TRIALS with Redis workers, else 1',
      ),
    modelName: ZModelNameSchema.describe(
      'The model the best pipeline is registered into as a new version (created if absent)',
    ),
  })
  .strict();
export type TStartAutoMlBody = z.infer<typeof ZStartAutoMlBodySchema>;

/** The job's stored input: the run it fills, and the request as validated. */
export const ZAutoMlJobInputSchema = z
  .object({ runId: ZIdSchema, request: ZStartAutoMlBodySchema })
  .strict();

export const ZListAutoMlRunsQuerySchema = ZPageRequestSchema.extend({
  status: z.enum(AUTOML_RUN_STATUSES).optional().describe('Only runs in this status'),
  datasetId: ZIdSchema.optional().describe('Only runs on this dataset'),
}).strict();

export const ZAutoMlRunStartedSchema = z
  .object({ run: ZAutoMlRunSchema, job: ZJobSchema })
  .meta({ id: 'AutoMlRunStarted' });

const path = '/v1/projects/{project}/automl-runs';
const tag = 'AutoML';

export const startAutoMlRunRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path,
  operationId: 'startAutoMlRun',
  summary: 'Start an AutoML run on a stored dataset (a job)',
  description:
    'Runs the core’s AutoML (featurization, guardrails, cross-validated cost-aware search) on an uploaded dataset as a job: its progress counts trials and names the best so far, and the run’s leaderboard fills as trials end. Trials run in compute threads, and with Redis workers several at once across the workers (`parallelTrials`). The best pipeline is registered as a new version (format `automl`, lineage in its tags) of `modelName`, batch-tested on the dataset (the evaluation is stored) and explained with SHAP on its first rows against a background sample, on the raw columns of any type (text and dates as the model’s raw codes). Cancel with the job’s cancel route: the run’s trial jobs are cancelled with it.',
  tag,
  pathParams: ZAutoMlProjectPathSchema,
  body: ZStartAutoMlBodySchema,
  responses: {
    202: { description: 'The run and the job that runs it', schema: ZAutoMlRunStartedSchema },
  },
});

export const listAutoMlRunsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path,
  operationId: 'listAutoMlRuns',
  summary: 'A project’s AutoML runs, newest first',
  tag,
  pathParams: ZAutoMlProjectPathSchema,
  query: ZListAutoMlRunsQuerySchema,
  responses: { 200: { description: 'A page of runs', schema: pageOf(ZAutoMlRunSchema) } },
});

export const getAutoMlRunRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: `${path}/{id}`,
  operationId: 'getAutoMlRun',
  summary: 'An AutoML run with its leaderboard, guardrails and outcome',
  tag,
  pathParams: ZAutoMlRunPathSchema,
  responses: { 200: { description: 'The run', schema: ZAutoMlRunSchema } },
});

export const autoMlRunRoutes = [
  startAutoMlRunRoute,
  listAutoMlRunsRoute,
  getAutoMlRunRoute,
] as const;
