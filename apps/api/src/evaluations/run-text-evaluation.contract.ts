import { ZTextEvaluationRequestSchema } from '@assay/core';
import {
  ZAliasNameSchema,
  ZIdSchema,
  ZModelNameSchema,
  ZVersionNumberSchema,
} from '@assay/registry';
import { z } from 'zod';
import { ZIdempotencyHeadersSchema } from '../http/idempotency.js';
import { defineRoute } from '../openapi/contract.js';
import { ZEvaluationsPathSchema } from './evaluations.contract.js';
import { batchTestResponses, ZDatasetSourceSchema } from './run-evaluation.contract.js';

/** What a text batch test runs, wherever its data comes from: the core's request and the version. */
export const ZTextEvaluationSpecSchema = ZTextEvaluationRequestSchema.extend({
  model: ZModelNameSchema,
  version: ZVersionNumberSchema.optional(),
  alias: ZAliasNameSchema.optional(),
});

function oneSelector(
  spec: { version?: number | undefined; alias?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (spec.version !== undefined && spec.alias !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['alias'],
      message: 'give a version or an alias, not both (neither: the newest version)',
    });
  }
}

export const ZRunTextEvaluationBodySchema = ZTextEvaluationSpecSchema.extend({
  dataset: ZDatasetSourceSchema,
  async: z
    .boolean()
    .optional()
    .describe(
      'true: run as a job and answer 202 with it; false: run within the request; absent: a job when the dataset has more rows than the server runs within a request (ASSAY_SYNC_MAX_ROWS), rows × resamples × metrics exceed ASSAY_SYNC_MAX_RESAMPLED_ROWS, or an Idempotency-Key is sent',
    ),
})
  .strict()
  .superRefine(oneSelector);

/** A stored text evaluation job's input: the spec and the dataset it runs on. */
export const ZTextEvaluationJobInputSchema = ZTextEvaluationSpecSchema.extend({
  datasetId: ZIdSchema,
  /** The version resolved when the job was queued, so that an alias moving does not change it. */
  version: ZVersionNumberSchema,
})
  .strict()
  .superRefine(oneSelector);

export const runTextEvaluationRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: '/v1/projects/{project}/text-evaluations',
  operationId: 'runTextEvaluation',
  summary: 'Run a batch test of a text model on prompts and references, and store the report',
  description:
    'Reads the prompts (`prompt` column) and references (`references`: one or several columns) of a CSV or JSON dataset, gets one output per prompt — from the version, a `remote` model whose descriptor has `"output": {"kind": "text"}` and `"protocol": "kserve-v2"` (BYTES tensors) or `"openai-completions"` (`POST {url}/v1/completions`, temperature 0), sent under the server’s outbound policy (ASSAY_REMOTE_ALLOWED_HOSTS) with the descriptor’s timeout — or from a column of stored outputs (`outputs`; the model is not called), and scores them with BLEU, chrF, TER (sacrebleu 2.6.0) and ROUGE-1/2/L (rouge-score 0.1.2). The prompt, reference and outputs cells are scored exactly as written (a CSV’s `1.50` stays `1.50`, never read as a number): in JSON they must be strings (a number there is a 400 naming the cell: write `"1.50"`), in a stored Parquet dataset string columns. With `confidence`, each score has sacrebleu’s bootstrap interval (`--confidence`: resampled segments, 95 %), and its signature `bs:` and `seed:`. The report is stored as an evaluation of the version (GET …/evaluations/{id}). An endpoint that refuses, fails or times out is a 422 `remote-model` problem naming what happened. Large tests run as a job (202), as batch tests do.',
  tag: 'evaluations',
  pathParams: ZEvaluationsPathSchema,
  headers: ZIdempotencyHeadersSchema,
  body: ZRunTextEvaluationBodySchema,
  responses: batchTestResponses('text evaluation'),
});
