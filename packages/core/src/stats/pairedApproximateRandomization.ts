import { z } from 'zod';
import { defineMetric } from '../metrics/defineMetric.js';
import {
  bootstrapScores,
  checkSeed,
  estimateCi,
  fail,
  type PairedTextTestOptions,
  pairedTextParamsShape,
  sumAll,
  systemStatistics,
  type TPairedTextResult,
  ZPairedTextResultSchema,
  ZTextSystemsInputSchema,
} from './pairedTextSystems.js';
import { NumpyPcg64 } from './random/pcg64.js';

export interface PairedApproximateRandomizationOptions extends PairedTextTestOptions {
  /**
   * Bootstrap resamples for the systems' mean and ci (sacrebleu `--paired-ar-confidence-n`);
   * 0 leaves them out (sacrebleu's API default, −1). @default 0
   */
  confidenceSamples?: number;
}

/**
 * sacrebleu's paired approximate randomization test (`sacrebleu --paired-ar`, Riezler & Maxwell
 * 2005), reproduced draw for draw: `np.random.default_rng(seed).integers(2, size=(nSamples, n),
 * dtype=bool)` decides, per trial and segment, whether the two systems swap that segment's
 * statistics; each trial scores both shuffled pseudo-systems, and
 * p = (c + 1)/(nSamples + 1), c = #{trials with |score_A − score_B| > |score(candidate) −
 * score(baseline)|}. With `confidenceSamples`, the same generator then draws the bootstrap
 * resamples of the candidate's mean and ci, and a freshly seeded one the baseline's (as sacrebleu).
 *
 * Reference: sacrebleu 2.6.0 `significance._paired_ar_test` (via `PairedTest(...,
 * test_type='ar')`) with NumPy 1.24; the test checks equality on its output for the same seed.
 *
 * @throws InvalidInputError as {@link pairedBootstrapResampling}.
 */
export function pairedApproximateRandomization(
  baseline: readonly string[],
  candidate: readonly string[],
  references: readonly (readonly string[])[],
  options: PairedApproximateRandomizationOptions = {},
): TPairedTextResult {
  const { metrics = ['bleu'], nSamples = 10_000, seed = 12345, confidenceSamples = 0 } = options;
  checkSeed(seed);
  if (!(Number.isInteger(nSamples) && nSamples >= 1))
    fail('nSamples', `nSamples is ${nSamples}; expected an integer ≥ 1`);
  if (!(Number.isInteger(confidenceSamples) && confidenceSamples >= 0))
    fail('confidenceSamples', `confidenceSamples is ${confidenceSamples}; expected an integer ≥ 0`);
  const n = baseline.length;
  const stats = metrics.map((metric) =>
    systemStatistics(metric, baseline, candidate, references, options),
  );
  const rng = new NumpyPcg64(seed);
  const swap = rng.bools(nSamples * n);
  const systemIndices = confidenceSamples > 0 ? rng.integers(n, confidenceSamples * n) : undefined;
  const baselineIndices =
    confidenceSamples > 0 ? new NumpyPcg64(seed).integers(n, confidenceSamples * n) : undefined;
  return {
    test: 'paired-ar',
    nSamples,
    seed,
    metrics: stats.map(({ baseline: bl, candidate: sys }) => {
      const blScore = bl.score(sumAll(bl.segments));
      const sysScore = sys.score(sumAll(sys.segments));
      const real = Math.abs(blScore - sysScore);
      const k = (bl.segments[0] as Float64Array).length;
      // pos_sel @ bl_stats + neg_sel @ sys_stats, and the other way round, per trial
      const posBl = new Float64Array(k);
      const negSys = new Float64Array(k);
      const negBl = new Float64Array(k);
      const posSys = new Float64Array(k);
      const a = new Float64Array(k);
      const b = new Float64Array(k);
      let c = 0;
      for (let t = 0; t < nSamples; t++) {
        posBl.fill(0);
        negSys.fill(0);
        negBl.fill(0);
        posSys.fill(0);
        for (let i = 0; i < n; i++) {
          const x = bl.segments[i] as Float64Array;
          const y = sys.segments[i] as Float64Array;
          if (swap[t * n + i]) {
            for (let j = 0; j < k; j++) {
              posBl[j] = (posBl[j] as number) + (x[j] as number);
              posSys[j] = (posSys[j] as number) + (y[j] as number);
            }
          } else {
            for (let j = 0; j < k; j++) {
              negSys[j] = (negSys[j] as number) + (y[j] as number);
              negBl[j] = (negBl[j] as number) + (x[j] as number);
            }
          }
        }
        for (let j = 0; j < k; j++) {
          a[j] = (posBl[j] as number) + (negSys[j] as number);
          b[j] = (negBl[j] as number) + (posSys[j] as number);
        }
        if (Math.abs(bl.score(a) - bl.score(b)) > real) c++;
      }
      const pValue = (c + 1) / (nSamples + 1);
      if (systemIndices === undefined || baselineIndices === undefined) {
        return {
          metric: bl.metric,
          baseline: { score: blScore, mean: null, ci: null },
          candidate: { score: sysScore, mean: null, ci: null, pValue },
        };
      }
      const blCi = estimateCi(bootstrapScores(bl, baselineIndices, confidenceSamples, n));
      const sysCi = estimateCi(bootstrapScores(sys, systemIndices, confidenceSamples, n));
      return {
        metric: bl.metric,
        baseline: { score: blScore, mean: blCi.mean, ci: blCi.ci },
        candidate: { score: sysScore, mean: sysCi.mean, ci: sysCi.ci, pValue },
      };
    }),
  };
}

export const pairedApproximateRandomizationMetric = defineMetric({
  name: 'pairedApproximateRandomization',
  family: 'stats',
  description:
    'Paired approximate randomization test of two text systems for BLEU, chrF and TER, draw for draw as sacrebleu --paired-ar (NumPy PCG64 seeded swaps).',
  input: ZTextSystemsInputSchema,
  params: z.strictObject({
    ...pairedTextParamsShape,
    nSamples: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(10_000)
      .meta({ description: 'Randomization trials (sacrebleu --paired-ar-n).' }),
    confidenceSamples: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(0)
      .meta({ description: 'Bootstrap resamples for mean and ci; 0: none.' }),
  }),
  result: ZPairedTextResultSchema,
  compute: (input, params, context) =>
    pairedApproximateRandomization(input.baseline, input.candidate, input.references, {
      ...params,
      limits: context.limits,
    }),
});
