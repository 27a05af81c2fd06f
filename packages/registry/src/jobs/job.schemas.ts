import { z } from 'zod';
import {
  JOB_KINDS,
  JOB_STATUSES,
  ZActorSchema,
  ZIdempotencyKeySchema,
  ZIdSchema,
  ZJsonObjectSchema,
  ZSha256Schema,
} from '../common.js';
import { ZCreateEvaluationSchema } from '../evaluations/evaluation.schemas.js';

/** What a job does; stored as text, so a new kind (`automl`, …) needs no migration. */
export const ZJobKindSchema = z.enum(JOB_KINDS);
export const ZJobStatusSchema = z.enum(JOB_STATUSES);

/** At most this many bytes of JSON in a job's input (data goes in a dataset, by id). */
export const MAX_JOB_INPUT_BYTES = 1024 * 1024;
/** At most this many bytes of JSON in a job's result. */
export const MAX_JOB_RESULT_BYTES = 16 * 1024 * 1024;

const jsonFits = (limit: number) => (value: unknown) =>
  Buffer.byteLength(JSON.stringify(value), 'utf8') <= limit;

export const ZCreateJobSchema = z.object({
  projectId: ZIdSchema,
  kind: ZJobKindSchema,
  input: ZJsonObjectSchema.refine(
    jsonFits(MAX_JOB_INPUT_BYTES),
    `input exceeds ${MAX_JOB_INPUT_BYTES} bytes of JSON (store data as a dataset and pass its id)`,
  ),
  /** Claims allowed before the job is given up. @default 3 */
  maxAttempts: z.number().int().min(1).max(10).optional(),
  createdBy: ZActorSchema.optional(),
  /** A retry with the same key (in the project) gets the first job back instead of a new one. */
  idempotencyKey: ZIdempotencyKeySchema.optional(),
  /**
   * What identifies the request behind the key, when the caller knows it better than the job's
   * input does (hex sha256, e.g. of the request body as sent). @default sha256 of kind and input
   */
  requestSha256: ZSha256Schema.optional(),
});

export const ZListJobsFilterSchema = z
  .object({ status: ZJobStatusSchema.optional(), kind: ZJobKindSchema.optional() })
  .strict();

/** Who claims jobs: a worker's name (host, pid…), recorded on the job and in the audit log. */
export const ZWorkerIdSchema = z
  .string()
  .min(1, 'workerId must not be empty')
  .max(256, 'workerId must be at most 256 characters');

/** A lease: 1 ms to 1 day. */
export const ZLeaseMsSchema = z
  .number()
  .int('leaseMs must be an integer')
  .min(1, 'leaseMs must be at least 1')
  .max(86_400_000, 'leaseMs must be at most 86400000 (a day)');

export const ZClaimJobOptionsSchema = z
  .object({
    leaseMs: ZLeaseMsSchema,
    jobId: ZIdSchema.optional(),
    kinds: z.array(ZJobKindSchema).min(1, 'kinds must not be empty').optional(),
  })
  .strict();

/** The attempt number a claim returned. */
export const ZJobAttemptSchema = z.number().int().min(1).max(2_147_483_647);

export const ZJobProgressSchema = z
  .object({
    fraction: z.number().min(0, 'fraction must be in 0..1').max(1, 'fraction must be in 0..1'),
    message: z.string().max(2000, 'progress message must be at most 2000 characters').optional(),
  })
  .strict();

export const ZHeartbeatOptionsSchema = z
  .object({ leaseMs: ZLeaseMsSchema, progress: ZJobProgressSchema.optional() })
  .strict();

export const ZJobErrorSchema = z
  .object({
    title: z.string().min(1, 'error title must not be empty').max(500),
    detail: z.string().max(100_000),
  })
  .strict();

/** A job's success: its result and, for an evaluation job, the evaluation to store with it. */
export const ZCompleteJobSchema = z
  .object({
    result: ZJsonObjectSchema.refine(
      jsonFits(MAX_JOB_RESULT_BYTES),
      `result exceeds ${MAX_JOB_RESULT_BYTES} bytes of JSON`,
    ),
    evaluation: ZCreateEvaluationSchema.optional(),
  })
  .strict();

export type TCreateJobSchema = z.infer<typeof ZCreateJobSchema>;
export type TListJobsFilterSchema = z.infer<typeof ZListJobsFilterSchema>;
export type TClaimJobOptionsSchema = z.infer<typeof ZClaimJobOptionsSchema>;
export type THeartbeatOptionsSchema = z.infer<typeof ZHeartbeatOptionsSchema>;
export type TJobErrorSchema = z.infer<typeof ZJobErrorSchema>;
export type TCompleteJobSchema = z.infer<typeof ZCompleteJobSchema>;
