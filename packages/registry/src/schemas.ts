import { z } from 'zod';
import {
  ARTIFACT_FORMATS,
  DATASET_FORMATS,
  EVALUATION_STATUSES,
  FEATURE_TYPES,
  JOB_KINDS,
  JOB_STATUSES,
  ROLES,
  RUN_STATUSES,
} from './enums.js';

// One zod schema per input, shared by the registry and the API (STYLE.md, example 2).

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NAME_RULE =
  'must start with a letter or digit and contain only letters, digits, ".", "_" and "-"';

/** Names of projects and models: 1–128 characters of `[A-Za-z0-9._-]`, starting alphanumeric. */
export const ZNameSchema = z
  .string()
  .min(1, 'name must not be empty')
  .max(128, 'name must be at most 128 characters')
  .regex(NAME_PATTERN, `name ${NAME_RULE}`);

export const ZProjectNameSchema = ZNameSchema;
export const ZModelNameSchema = ZNameSchema;

export const ZIdSchema = z.uuid({ message: 'id must be a UUID' });

export const ZRoleSchema = z.enum(ROLES);
export const ZArtifactFormatSchema = z.enum(ARTIFACT_FORMATS);

export const ZSha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hexadecimal characters');

export const ZDescriptionSchema = z
  .string()
  .max(10_000, 'description must be at most 10000 characters');

/** Free-form labels: at most 64 entries, keys 1–128 printable characters, values up to 1024. */
export const ZTagsSchema = z
  .record(
    z
      .string()
      .min(1, 'tag keys must not be empty')
      .max(128, 'tag keys must be at most 128 characters')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
      .regex(/^[^\u0000-\u001f\u007f]+$/, 'tag keys must not contain control characters'),
    z.string().max(1024, 'tag values must be at most 1024 characters'),
  )
  .refine((tags) => Object.keys(tags).length <= 64, 'at most 64 tags');

/** Who did something: a user name, an API key id, or `system`. */
export const ZActorSchema = z.string().min(1).max(256);

const DECIMAL_INTEGER = /^(?:0|[1-9][0-9]{0,15})$/;

/**
 * An integer parameter of a query string or a path segment, where every value is text: a plain
 * decimal literal (`2`, `10`) is read as the number `inner` then checks; anything else (`0x1`,
 * ` 1 `, `+1`, `01`, `1e0`, `1.0`, `true`, an empty value) is refused, not coerced. Numbers pass
 * to `inner` as they are, so the same schema also checks values given in code.
 */
export const integerParam = <S extends z.ZodType<number>>(inner: S) =>
  z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    if (DECIMAL_INTEGER.test(value)) return Number(value);
    ctx.addIssue({
      code: 'custom',
      message: `expected a decimal integer (digits only: no sign, spaces, leading zeros, exponent or fraction), got ${JSON.stringify(value.slice(0, 40))}`,
    });
    return z.NEVER;
  }, inner);

export const ZPageRequestSchema = z.object({
  cursor: z.string().min(1).max(1024).optional(),
  limit: integerParam(
    z
      .number()
      .int('limit must be an integer')
      .min(1, 'limit must be at least 1')
      .max(500, 'limit must be at most 500'),
  ).optional(),
});

export const ZCreateProjectSchema = z.object({
  name: ZProjectNameSchema,
  description: ZDescriptionSchema.optional(),
});

export const ZCreateApiKeySchema = z.object({
  projectId: ZIdSchema,
  role: ZRoleSchema,
  name: z.string().min(1).max(128).optional(),
});

/**
 * A caller-supplied plaintext API key (e.g. the API's `ASSAY_ADMIN_KEY` bootstrap): `assay_`
 * followed by 32–200 base64url characters. Generated keys have this shape too (43 characters).
 */
export const ZApiKeyPlaintextSchema = z
  .string()
  .regex(
    /^assay_[A-Za-z0-9_-]{32,200}$/,
    'key must be "assay_" followed by 32 to 200 base64url characters (A-Z, a-z, 0-9, "_", "-")',
  );

/**
 * Issuing a key with a plaintext chosen by the caller. Deliberately separate from
 * `ZCreateApiKeySchema` (the shape for public "create a key" routes, where the registry always
 * generates the key).
 */
export const ZCreateApiKeyWithPlaintextSchema = ZCreateApiKeySchema.extend({
  key: ZApiKeyPlaintextSchema.optional(),
});

export const ZRegisterModelSchema = z.object({
  projectId: ZIdSchema,
  name: ZModelNameSchema,
  description: ZDescriptionSchema.optional(),
  tags: ZTagsSchema.optional(),
});

/** Everything about a new version except its artifact bytes. */
export const ZCreateVersionMetaSchema = z.object({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  format: ZArtifactFormatSchema,
  expectedSha256: ZSha256Schema.optional(),
  description: ZDescriptionSchema.optional(),
  tags: ZTagsSchema.optional(),
  createdBy: ZActorSchema.optional(),
});

/** Feature types of an input signature (the core's adapters take `numeric` input). */
export const ZFeatureTypeSchema = z.enum(FEATURE_TYPES);

/** The columns a model version expects, in order: `{ features: [{ name, type }] }`. */
export const ZInputSignatureSchema = z
  .object({
    features: z
      .array(
        z
          .object({
            name: z
              .string()
              .min(1, 'feature name must not be empty')
              .max(250, 'feature name must be at most 250 characters'),
            type: ZFeatureTypeSchema,
          })
          .strict(),
      )
      .min(1, 'an input signature needs at least one feature')
      .max(10_000, 'at most 10000 features'),
  })
  .strict()
  .refine(
    (signature) =>
      new Set(signature.features.map((f) => f.name)).size === signature.features.length,
    { message: 'feature names must be unique', path: ['features'] },
  );

const ZSignatureLabelSchema = z.union([z.string().min(1).max(250), z.number()]);

/**
 * What a model version predicts per row, as in the core's `ModelOutput`: `regression`
 * (`nOutputs` values), `probability` (P(class = classes[1]) of a binary classifier) or
 * `probabilities` (one column per class).
 */
export const ZOutputSignatureSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('regression'), nOutputs: z.number().int().min(1).max(100_000) })
    .strict(),
  z
    .object({
      kind: z.literal('probability'),
      classes: z.tuple([ZSignatureLabelSchema, ZSignatureLabelSchema]),
    })
    .strict(),
  z
    .object({
      kind: z.literal('probabilities'),
      classes: z.array(ZSignatureLabelSchema).min(2).max(100_000),
    })
    .strict(),
]);

/**
 * A new version's metadata with its lineage and signatures. `ZCreateVersionMetaSchema` stays the
 * query-string-friendly subset (the API derives its upload query from it).
 */
export const ZCreateVersionSchema = ZCreateVersionMetaSchema.extend({
  /** The run that produced the version; it must belong to the same project. */
  sourceRunId: ZIdSchema.optional(),
  inputSignature: ZInputSignatureSchema.optional(),
  outputSignature: ZOutputSignatureSchema.optional(),
});

/**
 * Integers are integers: a JSON number with no fraction, never a string, a boolean or an array
 * (`"2"`, `true`, `[2]` used to be coerced). `1e0` and `2.0` are the JSON numbers 1 and 2 and
 * pass: JSON cannot tell them apart from `1` and `2`.
 */
export const ZVersionNumberSchema = z
  .number('version must be an integer (a JSON number)')
  .int('version must be an integer')
  .min(1, 'version must be at least 1')
  .max(2_147_483_647, 'version must be at most 2147483647');

/** Alias names (`production`, `staging`, `champion`, …): the same rules as model names. */
export const ZAliasNameSchema = ZNameSchema;

export const ZReasonSchema = z.string().max(2000, 'reason must be at most 2000 characters');

/**
 * Point an alias at a version. `expectedRevision` makes the move conditional (optimistic
 * concurrency): the alias's current revision, or 0 for "the alias must not exist yet".
 */
export const ZSetAliasSchema = z.object({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  alias: ZAliasNameSchema,
  version: ZVersionNumberSchema,
  expectedRevision: z.number().int().min(0).optional(),
  reason: ZReasonSchema.optional(),
  evaluationId: ZIdSchema.optional(),
});

export const ZRemoveAliasSchema = z.object({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  alias: ZAliasNameSchema,
  expectedRevision: z.number().int().min(1).optional(),
  reason: ZReasonSchema.optional(),
});

/** An instant: ISO-8601 string (with offset) or Date. */
export const ZInstantSchema = z.union([
  z.date(),
  z.iso.datetime({ offset: true, message: 'expected an ISO-8601 date-time with offset' }),
]);

export const ZRunStatusSchema = z.enum(RUN_STATUSES);

export const ZCreateExperimentSchema = z.object({
  projectId: ZIdSchema,
  name: ZNameSchema,
  description: ZDescriptionSchema.optional(),
  tags: ZTagsSchema.optional(),
});

export const ZParamsSchema = z
  .record(
    z.string().min(1).max(250),
    z.union([z.string().max(6000), z.number(), z.boolean(), z.null()]),
  )
  .refine((params) => Object.keys(params).length <= 500, 'at most 500 params');

export const ZCreateRunSchema = z.object({
  experimentId: ZIdSchema,
  parentRunId: ZIdSchema.optional(),
  name: z.string().min(1).max(250).optional(),
  params: ZParamsSchema.optional(),
  tags: ZTagsSchema.optional(),
  createdBy: ZActorSchema.optional(),
});

export const ZFinishRunSchema = z.object({
  status: z.enum(['finished', 'failed', 'killed']),
});

/** Metric keys: 1–250 characters of letters, digits and `_ - . / : space`, e.g. `train/loss`. */
export const ZMetricKeySchema = z
  .string()
  .min(1, 'metric key must not be empty')
  .max(250, 'metric key must be at most 250 characters')
  .regex(
    /^[A-Za-z0-9_\-./: ]+$/,
    'metric key may contain letters, digits, "_", "-", ".", "/", ":" and spaces',
  );

export const MAX_METRIC_BATCH = 50_000;

export const ZMetricPointSchema = z.object({
  key: ZMetricKeySchema,
  value: z.number(),
  step: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  timestamp: ZInstantSchema.optional(),
});

/**
 * A client-chosen key that makes a metric-logging call safe to retry: the same key on the same
 * run returns the first call's result and stores nothing again. 1–200 printable ASCII characters
 * (a UUID is a good choice).
 */
export const ZIdempotencyKeySchema = z
  .string()
  .min(1, 'idempotency key must not be empty')
  .max(200, 'idempotency key must be at most 200 characters')
  .regex(/^[\x21-\x7e]+$/, 'idempotency key must be printable ASCII without spaces');

export const ZLogMetricsSchema = z.object({
  runId: ZIdSchema,
  points: z.array(ZMetricPointSchema).min(1).max(MAX_METRIC_BATCH),
});

export const ZLogMetricsOptionsSchema = z.object({
  idempotencyKey: ZIdempotencyKeySchema.optional(),
});

export const ZEvaluationStatusSchema = z.enum(EVALUATION_STATUSES);

/**
 * Identifies the data an evaluation ran on: the sha256 of the dataset's bytes, its row count and
 * its column names in order. Two evaluations with equal fingerprints ran on the same data.
 */
export const ZDatasetFingerprintSchema = z
  .object({
    sha256: ZSha256Schema,
    rows: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    columns: z
      .array(z.string().min(1, 'column names must not be empty').max(250))
      .min(1, 'a dataset has at least one column')
      .max(10_000, 'at most 10000 columns'),
  })
  .strict();

const ZJsonObjectSchema = z.record(z.string(), z.json());

/** A confidence interval of a metric value: `lower ≤ upper`, `level` in (0, 1), e.g. 0.95. */
export const ZConfidenceIntervalSchema = z
  .object({
    lower: z.number(),
    upper: z.number(),
    level: z.number().gt(0).lt(1),
    /** How it was computed, e.g. `bootstrap`, `wilson`, `delong`. */
    method: z.string().min(1).max(100).optional(),
  })
  .strict()
  .refine((ci) => ci.lower <= ci.upper, 'confidence interval lower bound exceeds its upper bound');

/**
 * One measured metric: `value` (finite, or `null` when undefined on this data or when the metric
 * has no single number), its `signature` (what makes two values comparable: the metric's params,
 * averaging, positive label, core version…), optionally a confidence interval, and optionally its
 * structured `result` as JSON (a confusion matrix, ROC / PR / calibration curves, per-group
 * tables), stored as computed.
 */
export const ZEvaluationMetricSchema = z
  .object({
    name: ZMetricKeySchema,
    value: z.number().nullable(),
    signature: ZJsonObjectSchema.optional(),
    confidenceInterval: ZConfidenceIntervalSchema.optional(),
    result: ZJsonObjectSchema.optional(),
    /** Why `result` is absent although the metric had one (too large to store). */
    resultOmitted: z.string().min(1).max(500).optional(),
  })
  .strict();

/** An explainer's summary (e.g. global feature importances), as JSON. */
export const ZExplanationSummarySchema = z
  .object({
    explainer: z.string().min(1).max(100),
    summary: ZJsonObjectSchema,
  })
  .strict();

/** At most this many bytes of JSON for an evaluation's metrics, and again for its explanations. */
export const MAX_EVALUATION_JSON_BYTES = 4 * 1024 * 1024;

const fitsJsonBudget = (value: unknown) =>
  Buffer.byteLength(JSON.stringify(value), 'utf8') <= MAX_EVALUATION_JSON_BYTES;

/** A batch test of one model version (`modelName` + `version`) on one dataset. */
export const ZCreateEvaluationSchema = z.object({
  projectId: ZIdSchema,
  modelName: ZModelNameSchema,
  version: ZVersionNumberSchema,
  dataset: ZDatasetFingerprintSchema,
  metrics: z
    .array(ZEvaluationMetricSchema)
    .max(10_000)
    .refine((metrics) => new Set(metrics.map((m) => m.name)).size === metrics.length, {
      message: 'metric names must be unique within an evaluation',
    })
    .refine(fitsJsonBudget, `metrics exceed ${MAX_EVALUATION_JSON_BYTES} bytes of JSON`),
  explanations: z
    .array(ZExplanationSummarySchema)
    .max(1_000)
    .refine(fitsJsonBudget, `explanations exceed ${MAX_EVALUATION_JSON_BYTES} bytes of JSON`)
    .optional(),
  /** @default 'completed' */
  status: ZEvaluationStatusSchema.optional(),
  /** The stored dataset it ran on: a dataset of the same project whose sha256 is `dataset.sha256`. */
  datasetId: ZIdSchema.optional(),
  createdBy: ZActorSchema.optional(),
});

/** Filters of `evaluations.list`: a model, or one version of it. */
export const ZListEvaluationsFilterSchema = z
  .object({
    modelName: ZModelNameSchema.optional(),
    version: ZVersionNumberSchema.optional(),
  })
  .strict()
  .refine((filter) => filter.version === undefined || filter.modelName !== undefined, {
    message: 'version filters need modelName',
    path: ['version'],
  });

export const ZDatasetFormatSchema = z.enum(DATASET_FORMATS);

/** Column names of a dataset, in order (the same rules as in a fingerprint). */
const ZColumnsSchema = ZDatasetFingerprintSchema.shape.columns;

/**
 * Everything about a new dataset except its bytes. `rows` and `columns` are computed by the caller
 * (which parses the data before storing it); the registry only stores them.
 */
export const ZCreateDatasetMetaSchema = z.object({
  projectId: ZIdSchema,
  name: z
    .string()
    .min(1, 'dataset name must not be empty')
    .max(250, 'dataset name must be at most 250 characters')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]+$/, 'dataset name must not contain control characters')
    .optional(),
  format: ZDatasetFormatSchema,
  expectedSha256: ZSha256Schema.optional(),
  rows: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  columns: ZColumnsSchema,
  createdBy: ZActorSchema.optional(),
});

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

/** Artifact garbage collection: only artifacts older than `graceMs` (at least a minute) go. */
export const ZGcArtifactsOptionsSchema = z
  .object({
    /** @default 86400000 (a day) */
    graceMs: z.number().int().min(60_000, 'graceMs must be at least 60000 (a minute)').optional(),
    /** Report what would be deleted, delete nothing. @default false */
    dryRun: z.boolean().optional(),
  })
  .strict();

export type TCreateProjectSchema = z.infer<typeof ZCreateProjectSchema>;
export type TCreateApiKeySchema = z.infer<typeof ZCreateApiKeySchema>;
export type TRegisterModelSchema = z.infer<typeof ZRegisterModelSchema>;
export type TCreateApiKeyWithPlaintextSchema = z.infer<typeof ZCreateApiKeyWithPlaintextSchema>;
export type TCreateVersionMetaSchema = z.infer<typeof ZCreateVersionMetaSchema>;
export type TCreateVersionSchema = z.infer<typeof ZCreateVersionSchema>;
export type TInputSignatureSchema = z.infer<typeof ZInputSignatureSchema>;
export type TOutputSignatureSchema = z.infer<typeof ZOutputSignatureSchema>;
export type TPageRequestSchema = z.infer<typeof ZPageRequestSchema>;
export type TSetAliasSchema = z.infer<typeof ZSetAliasSchema>;
export type TRemoveAliasSchema = z.infer<typeof ZRemoveAliasSchema>;
export type TCreateExperimentSchema = z.infer<typeof ZCreateExperimentSchema>;
export type TCreateRunSchema = z.infer<typeof ZCreateRunSchema>;
export type TFinishRunSchema = z.infer<typeof ZFinishRunSchema>;
export type TCreateEvaluationSchema = z.infer<typeof ZCreateEvaluationSchema>;
export type TListEvaluationsFilterSchema = z.infer<typeof ZListEvaluationsFilterSchema>;
export type TMetricPointSchema = z.infer<typeof ZMetricPointSchema>;
export type TCreateDatasetMetaSchema = z.infer<typeof ZCreateDatasetMetaSchema>;
export type TCreateJobSchema = z.infer<typeof ZCreateJobSchema>;
export type TListJobsFilterSchema = z.infer<typeof ZListJobsFilterSchema>;
export type TClaimJobOptionsSchema = z.infer<typeof ZClaimJobOptionsSchema>;
export type THeartbeatOptionsSchema = z.infer<typeof ZHeartbeatOptionsSchema>;
export type TJobErrorSchema = z.infer<typeof ZJobErrorSchema>;
export type TCompleteJobSchema = z.infer<typeof ZCompleteJobSchema>;
export type TGcArtifactsOptionsSchema = z.infer<typeof ZGcArtifactsOptionsSchema>;
