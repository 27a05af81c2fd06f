import { z } from 'zod';
import { defineMetric } from '../metrics/defineMetric.js';
import {
  bootstrapScores,
  checkSeed,
  estimateCi,
  fail,
  numpyMean,
  type PairedTextTestOptions,
  pairedTextParamsShape,
  sumAll,
  systemStatistics,
  type TPairedTextResult,
  ZPairedTextResultSchema,
  ZTextSystemsInputSchema,
} from './pairedTextSystems.js';
import { NumpyPcg64 } from './random/pcg64.js';

/**
 * sacrebleu's paired bootstrap resampling test (`sacrebleu --paired-bs`, Koehn 2004), reproduced
 * draw for draw: `np.random.default_rng(seed).choice(n, size=(nSamples, n))` picks the resampled
 * segments (the same for both systems and every metric: NumPy's PCG64 is ported in
 * `stats/random/`), each resample's statistics are summed in float32 and rescored, and
 *
 * - p = (c + 1)/(nSamples + 1), c = #{b : |Δ_b| − mean|Δ| > |score(candidate) − score(baseline)|}
 *   with Δ_b the per-resample difference (the Moses `bootstrap-hypothesis-difference-significance`
 *   statistic);
 * - mean and ci (± half-width of the 95 % interval) from sacrebleu's `estimate_ci` for each system
 *   (the baseline's from the same draws, as sacrebleu reseeds for it).
 *
 * Reference: sacrebleu 2.6.0 `significance._paired_bs_test` (via `PairedTest(..., test_type='bs')`)
 * with NumPy 1.24; the test checks equality on its own output for the same seed and nSamples.
 *
 * @example pairedBootstrapResampling(baselineLines, candidateLines, refsPerSegment, { metrics: ['bleu', 'chrf'] })
 * @throws InvalidInputError when the systems or references differ in length or are empty, a
 * segment has no reference, the seed is not ≥ 1 or an option is out of range.
 */
export function pairedBootstrapResampling(
  baseline: readonly string[],
  candidate: readonly string[],
  references: readonly (readonly string[])[],
  options: PairedTextTestOptions = {},
): TPairedTextResult {
  const { metrics = ['bleu'], nSamples = 1000, seed = 12345 } = options;
  checkSeed(seed);
  if (!(Number.isInteger(nSamples) && nSamples >= 1))
    fail('nSamples', `nSamples is ${nSamples}; expected an integer ≥ 1`);
  const n = baseline.length;
  const stats = metrics.map((metric) =>
    systemStatistics(metric, baseline, candidate, references, options),
  );
  const indices = new NumpyPcg64(seed).integers(n, nSamples * n);
  return {
    test: 'paired-bs',
    nSamples,
    seed,
    metrics: stats.map(({ baseline: bl, candidate: sys }) => {
      const blScore = bl.score(sumAll(bl.segments));
      const sysScore = sys.score(sumAll(sys.segments));
      const scoresBl = bootstrapScores(bl, indices, nSamples, n);
      const scoresSys = bootstrapScores(sys, indices, nSamples, n);
      const diffs = new Float64Array(nSamples);
      for (let b = 0; b < nSamples; b++)
        diffs[b] = Math.abs((scoresSys[b] as number) - (scoresBl[b] as number));
      const mean = numpyMean(diffs);
      const real = Math.abs(blScore - sysScore);
      let c = 0;
      for (let b = 0; b < nSamples; b++) if ((diffs[b] as number) - mean > real) c++;
      const blCi = estimateCi(scoresBl);
      const sysCi = estimateCi(scoresSys);
      return {
        metric: bl.metric,
        baseline: { score: blScore, mean: blCi.mean, ci: blCi.ci },
        candidate: {
          score: sysScore,
          mean: sysCi.mean,
          ci: sysCi.ci,
          pValue: (c + 1) / (nSamples + 1),
        },
      };
    }),
  };
}

export const pairedBootstrapResamplingMetric = defineMetric({
  name: 'pairedBootstrapResampling',
  family: 'stats',
  description:
    'Paired bootstrap resampling test of two text systems for BLEU, chrF and TER, draw for draw as sacrebleu --paired-bs (NumPy PCG64 seeded resamples).',
  input: ZTextSystemsInputSchema,
  params: z.strictObject({
    ...pairedTextParamsShape,
    nSamples: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(1000)
      .meta({ description: 'Bootstrap resamples (sacrebleu --paired-bs-n).' }),
  }),
  result: ZPairedTextResultSchema,
  compute: (input, params, context) =>
    pairedBootstrapResampling(input.baseline, input.candidate, input.references, {
      ...params,
      limits: context.limits,
    }),
});
