/**
 * What sacrebleu's two paired significance tests share (`sacrebleu/significance.py`, 2.6.0):
 * the options, each metric's per-segment statistics of both systems, NumPy's float32 column sums
 * and pairwise float64 means, and `estimate_ci`.
 */
import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import type { ComputeLimits } from '../limits/index.js';
import { ZBleuParamsSchema } from '../metrics/text/bleuScore.js';
import {
  bleuSegmentStatistics,
  chrfSegmentStatistics,
  type TextMetricName,
  type TextSystemStatistics,
  terSegmentStatistics,
} from '../metrics/text/segmentStatistics.js';

export const ZTextSystemsInputSchema = z.strictObject({
  baseline: z
    .array(z.string())
    .meta({ description: 'The baseline system’s hypotheses, one per segment.' }),
  candidate: z
    .array(z.string())
    .meta({ description: 'The candidate system’s hypotheses, same segments.' }),
  references: z
    .array(z.array(z.string()))
    .meta({ description: 'references[i]: the reference translations of segment i.' }),
});

const ZChrfParamsSchema = z.strictObject({
  charOrder: z.number().int().min(1).default(6),
  wordOrder: z.number().int().min(0).default(0),
  beta: z.number().positive().default(2),
  lowercase: z.boolean().default(false),
});
const ZTerParamsSchema = z.strictObject({
  caseSensitive: z.boolean().default(false),
  normalized: z.boolean().default(false),
  noPunct: z.boolean().default(false),
});

/** Params shared by both tests; `nSamples` defaults differ (bootstrap 1000, randomization 10000). */
export const pairedTextParamsShape = {
  metrics: z
    .array(z.enum(['bleu', 'chrf', 'ter']))
    .min(1)
    .default(['bleu'])
    .meta({ description: 'The metrics to test, each on the same draws (sacrebleu --metrics).' }),
  seed: z.number().int().min(1).default(12345).meta({
    description:
      'NumPy default_rng seed (sacrebleu SACREBLEU_SEED, default 12345; sacrebleu treats 0 as unseeded, so it is refused).',
  }),
  bleu: ZBleuParamsSchema.optional(),
  chrf: ZChrfParamsSchema.optional(),
  ter: ZTerParamsSchema.optional(),
};

export interface PairedTextTestOptions {
  /** @default ['bleu'] */
  metrics?: readonly TextMetricName[];
  /** Number of resamples (bootstrap, default 1000) or trials (randomization, default 10000). */
  nSamples?: number;
  /** NumPy `default_rng` seed, ≥ 1 (sacrebleu's SACREBLEU_SEED). @default 12345 */
  seed?: number;
  bleu?: z.input<typeof ZBleuParamsSchema>;
  chrf?: z.input<typeof ZChrfParamsSchema>;
  ter?: z.input<typeof ZTerParamsSchema>;
  /** TER's `maxTerTokens` bound. */
  limits?: Partial<ComputeLimits>;
}

const ZSystemScoreSchema = z.object({
  score: z.number(),
  mean: z
    .number()
    .nullable()
    .meta({ description: 'Mean of the bootstrap scores (sacrebleu mean).' }),
  ci: z.number().nullable().meta({
    description: 'Half-width of the 95 % bootstrap interval (sacrebleu ci, the ± value).',
  }),
});

export const ZPairedTextResultSchema = z.object({
  test: z.enum(['paired-bs', 'paired-ar']),
  nSamples: z.number().int(),
  seed: z.number().int(),
  metrics: z.array(
    z.object({
      metric: z.enum(['bleu', 'chrf', 'ter']),
      baseline: ZSystemScoreSchema,
      candidate: ZSystemScoreSchema.extend({
        pValue: z.number().meta({ description: 'sacrebleu p-value: (c + 1)/(nSamples + 1).' }),
      }),
    }),
  ),
});
export type TPairedTextResult = z.infer<typeof ZPairedTextResultSchema>;

export function fail(path: string, message: string): never {
  throw new InvalidInputError(message, [{ path: [path], message }]);
}

export function checkSeed(seed: number): void {
  if (!(Number.isInteger(seed) && seed >= 1))
    fail('seed', `seed is ${seed}; expected an integer ≥ 1 (sacrebleu runs unseeded on 0)`);
}

/** Both systems' statistics for one metric. */
export function systemStatistics(
  metric: TextMetricName,
  baseline: readonly string[],
  candidate: readonly string[],
  references: readonly (readonly string[])[],
  options: PairedTextTestOptions,
): { baseline: TextSystemStatistics; candidate: TextSystemStatistics } {
  if (baseline.length !== candidate.length)
    fail(
      'candidate',
      `baseline has ${baseline.length} segments but candidate has ${candidate.length}`,
    );
  const of = (hypotheses: readonly string[]) => {
    switch (metric) {
      case 'bleu':
        return bleuSegmentStatistics(hypotheses, references, options.bleu);
      case 'chrf':
        return chrfSegmentStatistics(hypotheses, references, options.chrf);
      case 'ter':
        return terSegmentStatistics(hypotheses, references, options.ter, options.limits);
      default:
        return fail(
          'metrics',
          `unknown metric ${JSON.stringify(metric)}; expected bleu, chrf or ter`,
        );
    }
  };
  return { baseline: of(baseline), candidate: of(candidate) };
}

/** Σ of every segment's statistics in float64 (Python's `sum_of_lists` on the real systems). */
export function sumAll(segments: readonly Float64Array[]): Float64Array {
  const out = new Float64Array((segments[0] as Float64Array).length);
  for (const s of segments)
    for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) + (s[j] as number);
  return out;
}

/**
 * `stats_np[idx].sum(0)` on float32 statistics: the rows `indices[from … from + n)` added one
 * after the other in float32 (`out` is reused).
 */
export function sumFloat32(
  segments: readonly Float64Array[],
  indices: Uint32Array,
  from: number,
  n: number,
  out: Float64Array,
): Float64Array {
  out.fill(0);
  const k = out.length;
  for (let i = from; i < from + n; i++) {
    const row = segments[indices[i] as number] as Float64Array;
    for (let j = 0; j < k; j++)
      out[j] = Math.fround((out[j] as number) + Math.fround(row[j] as number));
  }
  return out;
}

/** NumPy's pairwise summation of float64 (`add.reduce`: blocks of 128, 8 accumulators). */
function pairwiseSum(a: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i] as number;
    return res;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = a[start + j] as number;
    let i = 8;
    for (; i < n - (n % 8); i += 8)
      for (let j = 0; j < 8; j++) r[j] = (r[j] as number) + (a[start + i + j] as number);
    let res =
      (r[0] as number) +
      (r[1] as number) +
      ((r[2] as number) + (r[3] as number)) +
      ((r[4] as number) + (r[5] as number) + ((r[6] as number) + (r[7] as number)));
    for (; i < n; i++) res += a[start + i] as number;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** `ndarray.mean()` of float64 values, bit for bit. */
export function numpyMean(values: Float64Array): number {
  return (0 + pairwiseSum(values, 0, values.length)) / values.length;
}

/** sacrebleu `estimate_ci`: the mean of the sorted scores and half the 95 % range (n // 40). */
export function estimateCi(scores: Float64Array): { mean: number; ci: number } {
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  const lower = Math.floor(n / 40);
  const upper = n - lower - 1;
  return {
    mean: numpyMean(sorted),
    ci: 0.5 * ((sorted[upper] as number) - (sorted[lower] as number)),
  };
}

/** Bootstrap scores of one system on resamples `indices` (nSamples × n, row-major), float32 as sacrebleu. */
export function bootstrapScores(
  system: TextSystemStatistics,
  indices: Uint32Array,
  nSamples: number,
  n: number,
): Float64Array {
  const out = new Float64Array(nSamples);
  const sum = new Float64Array((system.segments[0] as Float64Array).length);
  for (let b = 0; b < nSamples; b++)
    out[b] = system.score(sumFloat32(system.segments, indices, b * n, n, sum), true);
  return out;
}
