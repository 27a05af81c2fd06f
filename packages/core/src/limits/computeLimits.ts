import { LimitExceededError } from '../errors/index.js';

/**
 * Bounds on the size of an input that the core checks before it starts work whose time or memory
 * grows faster than the input (quadratic text metrics, 2^M SHAP coalitions, a dataset file that
 * decompresses to far more than its bytes). A caller that serves untrusted input (the API) sets
 * them from its configuration; every field has a default that keeps one call within seconds and
 * a few hundred MB on one core.
 */
export interface ComputeLimits {
  /**
   * TER: tokens in a hypothesis or a reference. The edit distance with shifts costs about
   * n² × beam per shift search; 400 tokens took 2.4 s, 5,000 tokens 18 minutes.
   * @default 256
   */
  maxTerTokens: number;
  /**
   * ROUGE-L and ROUGE-Lsum: tokens in a prediction or a reference (the LCS table is n × m 32-bit
   * cells: 4,096 tokens are 64 MB and 0.3 s, 10⁵ tokens 40 GB).
   * @default 4096
   */
  maxLcsTokens: number;
  /** Exact SHAP: features (it evaluates 2^M coalitions per instance and background row). @default 16 */
  maxExactShapFeatures: number;
  /** A dataset file: rows × columns, read from the Parquet footer or counted in the CSV before parsing. @default 10_000_000 */
  maxDatasetCells: number;
  /** A dataset file: columns. @default 1000 */
  maxDatasetColumns: number;
  /** A Parquet file: the uncompressed size of its column chunks, from the footer. @default 512 MiB */
  maxParquetUncompressedBytes: number;
}

export const DEFAULT_COMPUTE_LIMITS: Readonly<ComputeLimits> = Object.freeze({
  maxTerTokens: 256,
  maxLcsTokens: 4096,
  maxExactShapFeatures: 16,
  maxDatasetCells: 10_000_000,
  maxDatasetColumns: 1000,
  maxParquetUncompressedBytes: 512 * 1024 * 1024,
});

/** The limits with every field not given taken from {@link DEFAULT_COMPUTE_LIMITS}. */
export function resolveLimits(limits?: Partial<ComputeLimits>): ComputeLimits {
  return { ...DEFAULT_COMPUTE_LIMITS, ...(limits ?? {}) };
}

/**
 * Throws a {@link LimitExceededError} when `actual` is above `limits[bound]`; the message says what
 * was counted, the bound's name and its value, e.g. `hypotheses[0] has 5000 tokens; TER is limited
 * to 256 tokens per segment (maxTerTokens)`.
 */
export function checkLimit(
  limits: ComputeLimits,
  bound: keyof ComputeLimits,
  actual: number,
  what: string,
  path: (string | number)[] = [],
): void {
  const limit = limits[bound];
  if (actual <= limit) return;
  throw new LimitExceededError(
    bound,
    limit,
    actual,
    `${what} (${actual}); the limit is ${limit} (${bound})`,
    path,
  );
}
