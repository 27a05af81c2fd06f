import { ZEvaluationRequestSchema } from '@assay/core';
import {
  ZAliasNameSchema,
  ZIdSchema,
  ZModelNameSchema,
  ZVersionNumberSchema,
} from '@assay/registry';
import { z } from 'zod';
import { ZIdempotencyHeadersSchema } from '../http/idempotency.js';
import { ZJobSchema } from '../jobs/jobs.contract.js';
import { defineRoute } from '../openapi/contract.js';
import { ZEvaluationSchema, ZEvaluationsPathSchema } from './evaluations.contract.js';

/**
 * What to evaluate, wherever the data comes from: the core's evaluation request (target,
 * features, metrics, confidence) plus which model version to load. A job stores this with the
 * dataset's id.
 */
export const ZEvaluationSpecSchema = ZEvaluationRequestSchema.extend({
  model: ZModelNameSchema,
  version: ZVersionNumberSchema.optional(),
  alias: ZAliasNameSchema.optional(),
  shard: z
    .union([
      z
        .object({
          rows: z
            .number()
            .int()
            .min(1)
            .max(100_000_000)
            .describe('Rows per shard: the dataset is split into ranges of this many rows'),
        })
        .strict(),
      z.literal(false),
    ])
    .optional()
    .describe(
      'Split the batch test into row ranges, one `evaluation-shard` job each (spread across workers), whose mergeable statistics the evaluation job merges: the same stored metrics as unsharded (counts exactly, sums to 1e-12). Always a job; no confidence intervals; only metrics with a mergeable form (accuracy, averagePrecision, balancedAccuracy, brierScore, cohenKappa, confusionMatrix, f1, fbeta, logLoss, matthewsCorrcoef, precision, precisionRecallCurve, recall, rocAuc, rocCurve, explainedVariance, mae, mape, mse, rmse, r2), without `inputs`. Absent: a stored dataset with more rows than ASSAY_SHARD_ROWS is sharded in ranges of that many rows when jobs run on Redis workers and the request can be merged; `false`: never sharded.',
    ),
});

/**
 * Rules across fields of every evaluation request: one version selector, and each metric once
 * (the stored evaluation keeps one value per metric name) — checked before anything runs.
 */
function checkSpec(
  spec: { version?: number | undefined; alias?: string | undefined; metrics: { name: string }[] },
  ctx: z.RefinementCtx,
): void {
  if (spec.version !== undefined && spec.alias !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['alias'],
      message: 'give a version or an alias, not both (neither: the newest version)',
    });
  }
  const seen = new Set<string>();
  spec.metrics.forEach((metric, i) => {
    if (seen.has(metric.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['metrics', i, 'name'],
        message: `metric '${metric.name}' is asked for twice; an evaluation stores one value per metric`,
      });
    }
    seen.add(metric.name);
  });
}

const ZInlineDatasetSchema = z
  .object({
    format: z.enum(['csv', 'json']),
    content: z
      .string()
      .min(1)
      .describe('CSV text with a header row, or JSON {"columns": [...], "rows": [[...]]}'),
  })
  .strict()
  .describe('The data inline (bounded by the JSON body limit)');

const ZDatasetRefSchema = z
  .object({ id: ZIdSchema.describe('An uploaded dataset (POST …/datasets), any format') })
  .strict();

/** Where a batch test's data comes from: inline, or an uploaded dataset. */
export const ZDatasetSourceSchema = z.union([ZInlineDatasetSchema, ZDatasetRefSchema]);

export const ZRunEvaluationBodySchema = ZEvaluationSpecSchema.extend({
  dataset: ZDatasetSourceSchema,
  async: z
    .boolean()
    .optional()
    .describe(
      'true: run as a job and answer 202 with it; false: run within the request; absent: a job when the dataset has more rows than the server runs within a request (ASSAY_SYNC_MAX_ROWS) or an Idempotency-Key is sent',
    ),
})
  .strict()
  .superRefine(checkSpec);

/** A stored evaluation job's input: the spec and the dataset it runs on. */
export const ZEvaluationJobInputSchema = ZEvaluationSpecSchema.extend({ datasetId: ZIdSchema })
  .strict()
  .superRefine(checkSpec);

/** A shard job's input: one row range of its parent evaluation job's batch test. */
export const ZEvaluationShardJobInputSchema = z
  .object({
    parentJobId: ZIdSchema,
    index: z.number().int().min(0),
    shards: z.number().int().min(1),
    datasetId: ZIdSchema,
    model: ZModelNameSchema,
    /** The version the parent resolved, so that every shard scores the same one. */
    version: ZVersionNumberSchema,
    target: z.string(),
    features: z.array(z.string()).optional(),
    metrics: ZEvaluationRequestSchema.shape.metrics,
    rowRange: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }).strict(),
  })
  .strict();

/** A batch test's answers: 201 with the stored evaluation and its report, or 202 with its job. */
export const batchTestResponses = (what: string) => ({
  201: {
    description: 'The stored evaluation and the full report',
    schema: z.object({
      evaluation: ZEvaluationSchema,
      report: z.record(z.string(), z.unknown()),
    }),
  },
  202: { description: `The job that runs the ${what}`, schema: ZJobSchema },
});

export const runEvaluationRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/projects/{project}/evaluations',
  operationId: 'runEvaluation',
  summary: 'Run a batch test of a model version on a dataset and store the report',
  description:
    'Loads the version, predicts every row, computes each metric through the core (with bootstrap confidence intervals if asked) and stores the report with the dataset’s fingerprint. The dataset is inline (CSV or JSON text) or an uploaded dataset’s id (CSV, JSON or Parquet). Small ones run within the request (201); large ones, or any with `async: true`, run as a job (202 with the job and a Location header; poll it or stream its events, and its `evaluationId` names the stored evaluation). With `shard: { rows }` the job splits the dataset into row ranges, runs one `evaluation-shard` job per range (on any worker) and merges their statistics; its progress counts shards (`3 of 8 shards`) and a failed shard fails it with the shard’s error. With an `Idempotency-Key` header the request runs as a job, and a retry with the same key gets the same job back (the key with another request: 409).',
  tag: 'evaluations',
  pathParams: ZEvaluationsPathSchema,
  headers: ZIdempotencyHeadersSchema,
  body: ZRunEvaluationBodySchema,
  responses: batchTestResponses('evaluation'),
});
