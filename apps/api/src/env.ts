import { availableParallelism } from 'node:os';
import { type ComputeLimits, DEFAULT_COMPUTE_LIMITS } from '@assay/core';
import { ZApiKeyPlaintextSchema } from '@assay/registry';
import { z } from 'zod';
import { parseAllowEntry } from './outbound/outbound-policy.js';

/**
 * The API's configuration, read from the environment in this one place (create-t3-turbo's
 * `env.ts`). Everything else receives a typed `ApiEnv`.
 */
export const ZApiEnvSchema = z.object({
  /** PostgreSQL connection string; absent means the embedded database in `ASSAY_DATA_DIR`. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded database and the local artifact store live. */
  ASSAY_DATA_DIR: z.string().min(1).default('.assay-data'),
  /** Artifact store root; defaults to `<ASSAY_DATA_DIR>/artifacts`. */
  ASSAY_ARTIFACT_DIR: z.string().min(1).optional(),
  /** With a bucket, artifacts go to an S3-compatible store instead of the artifact directory. */
  ASSAY_S3_BUCKET: z.string().min(1).optional(),
  /** The S3 API's URL for a store other than AWS (MinIO, Ceph…); path-style addressing is then used. */
  ASSAY_S3_ENDPOINT: z.string().url().optional(),
  /** The bucket's region (the SDK's default chain when unset). */
  ASSAY_S3_REGION: z.string().min(1).optional(),
  /** Credentials of the bucket (both required with `ASSAY_S3_BUCKET`). */
  ASSAY_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  /** Secret of `ASSAY_S3_ACCESS_KEY_ID`. */
  ASSAY_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Key prefix inside the bucket (`artifacts/`), so that one bucket can serve several uses. */
  ASSAY_S3_PREFIX: z.string().optional(),
  /** Address the API (and a worker's metrics port) listens on; `0.0.0.0` in a container. */
  ASSAY_API_HOST: z.string().min(1).default('127.0.0.1'),
  /** The API's port (`0`: any free port). */
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Origins allowed to call the API from a browser (comma-separated); the portal's by default. */
  ASSAY_CORS_ORIGINS: z.string().default('http://localhost:3000,http://127.0.0.1:3000'),
  /** Largest model artifact accepted in one upload, in bytes. */
  ASSAY_MAX_ARTIFACT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
  /** Largest JSON request body, in bytes. */
  ASSAY_MAX_JSON_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  /** `json`: one JSON object per log line (default); `pretty`: short lines for a terminal. */
  ASSAY_LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  /** Lowest level logged: `debug`, `info`, `warn` or `error`. */
  ASSAY_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Requests per second each API key may sustain (0 turns rate limiting off). */
  ASSAY_RATE_LIMIT_RPS: z.coerce.number().min(0).default(200),
  /** Requests a key may send at once before the sustained rate applies. */
  ASSAY_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(400),
  /**
   * Unknown API keys each client address may send per second, sustained (0 turns the limit
   * off); above it and its burst, 429 with `Retry-After` before any database lookup.
   */
  ASSAY_AUTH_FAILURE_RPS: z.coerce.number().min(0).default(1),
  /** Unknown API keys a client address may send at once before the sustained rate applies. */
  ASSAY_AUTH_FAILURE_BURST: z.coerce.number().int().min(1).default(20),
  /** Server-sent event streams open at once per API key (429 above). */
  ASSAY_SSE_MAX_PER_KEY: z.coerce.number().int().min(1).default(10),
  /** Server-sent event streams open at once on one job, all keys together (429 above). */
  ASSAY_SSE_MAX_PER_JOB: z.coerce.number().int().min(1).default(50),
  /** How long a verified API key is remembered (ms); a revocation elsewhere applies within it. */
  ASSAY_AUTH_CACHE_MS: z.coerce.number().int().min(0).default(5000),
  /**
   * When set and the database has no key yet, the first admin key is this value (so that scripts
   * and CI can bootstrap without reading logs). `assay_` + 32–200 base64url characters.
   */
  ASSAY_ADMIN_KEY: ZApiKeyPlaintextSchema.optional(),
  /** Loaded model versions kept in memory for predictions and evaluations. */
  ASSAY_MODEL_CACHE_SIZE: z.coerce.number().int().min(1).default(16),
  /**
   * Redis for jobs (`redis://127.0.0.1:6379`): jobs then go through BullMQ to worker processes
   * (`pnpm --filter @assay/api worker`). Absent: this process runs them itself.
   */
  REDIS_URL: z.string().url().optional(),
  /** Prefix of the queue's Redis keys: deployments (or test runs) sharing a Redis keep apart. */
  ASSAY_REDIS_PREFIX: z.string().min(1).default('assay'),
  /**
   * A worker's port for Prometheus (`GET /metrics`: its job runs and process metrics) and
   * `GET /healthz`. Unset: no HTTP server in the worker.
   */
  ASSAY_WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Jobs one process runs at once (the API without Redis, or each worker). */
  ASSAY_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * How long a job's claim lasts without a heartbeat (ms): a job whose worker stopped is taken
   * over after this (and, with Redis, BullMQ's lock lasts as long).
   */
  ASSAY_JOB_LEASE_MS: z.coerce.number().int().min(500).default(30_000),
  /** How often a process without Redis looks for queued jobs it was not told about (ms). */
  ASSAY_JOB_POLL_MS: z.coerce.number().int().min(50).default(2000),
  /** Evaluations of datasets with more rows run as jobs unless the request says `async: false`. */
  ASSAY_SYNC_MAX_ROWS: z.coerce.number().int().min(0).default(50_000),
  /**
   * A batch test of a stored dataset with more rows than this is sharded in row ranges of this
   * many rows (one `evaluation-shard` job each, spread across workers) without the client asking,
   * when jobs run on Redis workers (REDIS_URL) and every metric can be merged (no confidence
   * intervals); a request's `shard: false` opts out. 0 turns automatic sharding off.
   */
  ASSAY_SHARD_ROWS: z.coerce.number().int().min(0).default(1_000_000),
  /**
   * An AutoML run's trials in flight at once when jobs run on Redis workers (REDIS_URL) and the
   * request does not say (`parallelTrials`): all but one become `automl-trial` jobs that any
   * worker runs. Without Redis, runs take one trial at a time unless asked.
   */
  ASSAY_AUTOML_PARALLEL_TRIALS: z.coerce.number().int().min(1).max(5).default(3),
  /** On SIGTERM, how long running jobs may take to finish before the process exits (ms). */
  ASSAY_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** Largest dataset accepted in one upload, in bytes. */
  ASSAY_MAX_DATASET_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024 * 1024),
  /**
   * Targets that remote models may reach although they are not on the public internet
   * (comma-separated): host names (`models.internal`), `*.suffix` patterns
   * (`*.svc.cluster.local`), addresses and CIDR blocks (`10.0.0.0/8`, `fd00::/8`). Loopback,
   * private, link-local and the other non-public ranges are refused otherwise
   * (`outbound/outbound-policy.ts`).
   */
  ASSAY_REMOTE_ALLOWED_HOSTS: z
    .string()
    .default('')
    .superRefine((text, ctx) => {
      for (const entry of text.split(',')) {
        if (entry.trim() === '') continue;
        try {
          parseAllowEntry(entry);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }
    }),
  /**
   * The largest answer a remote model may send (bytes): a bigger one is dropped as it arrives
   * and the request answers 502, so a hostile server cannot fill the process's memory.
   */
  ASSAY_REMOTE_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  /**
   * Compute threads (metrics above ASSAY_COMPUTE_INLINE_MAX, explanations, batch tests,
   * predictions, dataset parsing, jobs). Default: the machine's cores but one (at least one), so
   * that the event loop keeps a core. 0 computes on the event loop (for comparison in benchmarks
   * only: one request can then stall every other).
   */
  ASSAY_COMPUTE_THREADS: z.coerce
    .number()
    .int()
    .min(0)
    .max(256)
    .default(Math.max(1, availableParallelism() - 1)),
  /** Requests that may wait for a compute thread; beyond: 503 with Retry-After. */
  ASSAY_COMPUTE_QUEUE: z.coerce.number().int().min(0).default(16),
  /** Heap (old generation, MB) of each compute thread; a task above it fails with 422. */
  ASSAY_COMPUTE_MEMORY_MB: z.coerce.number().int().min(16).default(1024),
  /** Longest a request's computation may run (ms) before its thread is ended (422); jobs have none. */
  ASSAY_COMPUTE_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /**
   * Metric inputs up to this size (array elements plus string characters / 8, times resamples),
   * and predictions of JSON-spec models up to this work (rows × spec bytes / 8), are computed on
   * the event loop: a thread's round trip would cost more than the work.
   */
  ASSAY_COMPUTE_INLINE_MAX: z.coerce.number().int().min(0).default(20_000),
  /** Evaluations whose rows × bootstrap resamples × metrics exceed this run as jobs (unless async: false). */
  ASSAY_SYNC_MAX_RESAMPLED_ROWS: z.coerce.number().int().min(0).default(10_000_000),
  /** Explanations whose estimated predicted rows exceed this run as jobs (unless async: false). */
  ASSAY_SYNC_MAX_EXPLAIN_ROWS: z.coerce.number().int().min(0).default(5_000_000),
  /** TER: tokens per hypothesis or reference (422 above). */
  ASSAY_MAX_TER_TOKENS: z.coerce.number().int().min(1).default(DEFAULT_COMPUTE_LIMITS.maxTerTokens),
  /** ROUGE-L / ROUGE-Lsum: tokens per prediction or reference (422 above). */
  ASSAY_MAX_LCS_TOKENS: z.coerce.number().int().min(1).default(DEFAULT_COMPUTE_LIMITS.maxLcsTokens),
  /** Exact SHAP: features (422 above; kernel and permutation SHAP have no such bound). */
  ASSAY_MAX_EXACT_SHAP_FEATURES: z.coerce.number().int().min(1).max(16).default(12),
  /** A dataset (upload, inline or stored): rows × columns (422 above). */
  ASSAY_MAX_DATASET_CELLS: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_COMPUTE_LIMITS.maxDatasetCells),
  /** A dataset: columns (422 above). */
  ASSAY_MAX_DATASET_COLUMNS: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_COMPUTE_LIMITS.maxDatasetColumns),
  /** A Parquet dataset: uncompressed bytes its footer declares (422 above). */
  ASSAY_MAX_PARQUET_UNCOMPRESSED_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_COMPUTE_LIMITS.maxParquetUncompressedBytes),
  /** A shadow candidate's answer is awaited this long (ms), then logged as a timeout. */
  ASSAY_SHADOW_TIMEOUT_MS: z.coerce.number().int().min(1).default(2000),
  /** Mirrored predictions running at once; beyond, a sampled copy is dropped (and counted). */
  ASSAY_SHADOW_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(32),
  /**
   * Niceness of the shadow thread (Linux: 19, the default, is the lowest priority), so that
   * mirrored copies take only CPU the callers' requests leave: on a machine busy with other work
   * they are shed (counted as dropped). 0 keeps the process's priority.
   */
  ASSAY_SHADOW_THREAD_NICE: z.coerce.number().int().min(0).max(19).default(19),
  /** Copies are handed to the shadow thread in one message per this many ms. */
  ASSAY_SHADOW_BATCH_MS: z.coerce.number().int().min(0).max(1000).default(20),
  /** The prediction log's writer flushes every this many rows… */
  ASSAY_PREDICTION_LOG_BATCH: z.coerce.number().int().min(1).max(50_000).default(1000),
  /** …or every this many ms, whichever comes first (and on shutdown). */
  ASSAY_PREDICTION_LOG_FLUSH_MS: z.coerce.number().int().min(1).default(200),
  /** Rows the writer may hold while the database is slow; beyond, rows are dropped (and counted). */
  ASSAY_PREDICTION_LOG_MAX_BUFFERED: z.coerce.number().int().min(1).default(100_000),
  /** Name of the project created, with its first admin key, when the database has no key. */
  ASSAY_BOOTSTRAP_PROJECT: z.string().min(1).default('default'),
});

export type ApiEnv = z.infer<typeof ZApiEnvSchema>;

/** The injection token of the application's `ApiEnv` (provided where the app is composed). */
export const API_ENV = Symbol('ApiEnv');

/** The registry's S3 options from the environment, or undefined for the local directory. */
export function s3Options(env: ApiEnv) {
  if (!env.ASSAY_S3_BUCKET) return undefined;
  if (!env.ASSAY_S3_ACCESS_KEY_ID || !env.ASSAY_S3_SECRET_ACCESS_KEY) {
    throw new Error(
      'ASSAY_S3_BUCKET is set: also set ASSAY_S3_ACCESS_KEY_ID and ASSAY_S3_SECRET_ACCESS_KEY',
    );
  }
  return {
    bucket: env.ASSAY_S3_BUCKET,
    accessKeyId: env.ASSAY_S3_ACCESS_KEY_ID,
    secretAccessKey: env.ASSAY_S3_SECRET_ACCESS_KEY,
    ...(env.ASSAY_S3_ENDPOINT ? { endpoint: env.ASSAY_S3_ENDPOINT, forcePathStyle: true } : {}),
    ...(env.ASSAY_S3_REGION ? { region: env.ASSAY_S3_REGION } : {}),
    ...(env.ASSAY_S3_PREFIX ? { prefix: env.ASSAY_S3_PREFIX } : {}),
  };
}

/** The core's input bounds from the environment. */
export function computeLimits(env: ApiEnv): ComputeLimits {
  return {
    maxTerTokens: env.ASSAY_MAX_TER_TOKENS,
    maxLcsTokens: env.ASSAY_MAX_LCS_TOKENS,
    maxExactShapFeatures: env.ASSAY_MAX_EXACT_SHAP_FEATURES,
    maxDatasetCells: env.ASSAY_MAX_DATASET_CELLS,
    maxDatasetColumns: env.ASSAY_MAX_DATASET_COLUMNS,
    maxParquetUncompressedBytes: env.ASSAY_MAX_PARQUET_UNCOMPRESSED_BYTES,
  };
}

/** The compute pool's options from the environment. */
export function computePoolOptions(env: ApiEnv) {
  return {
    threads: env.ASSAY_COMPUTE_THREADS,
    maxQueue: env.ASSAY_COMPUTE_QUEUE,
    memoryMb: env.ASSAY_COMPUTE_MEMORY_MB,
    timeoutMs: env.ASSAY_COMPUTE_TIMEOUT_MS,
    limits: computeLimits(env),
    modelCacheSize: env.ASSAY_MODEL_CACHE_SIZE,
    remoteAllowedHosts: env.ASSAY_REMOTE_ALLOWED_HOSTS,
    remoteMaxResponseBytes: env.ASSAY_REMOTE_MAX_RESPONSE_BYTES,
  };
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  const parsed = ZApiEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid Assay API configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
