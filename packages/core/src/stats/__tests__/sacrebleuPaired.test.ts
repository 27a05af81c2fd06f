/**
 * sacrebleu's paired tests reproduced draw for draw: `scripts/reference/sacrebleu_paired.py` ran
 * sacrebleu 2.6.0's `PairedTest` (what `--paired-bs` and `--paired-ar` run, SACREBLEU_SEED set)
 * on seeded synthetic corpora; the same seed and number of samples must give the same scores,
 * p-values, means and ci here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeMetric } from '../../metrics/computeMetric.js';
import { pairedApproximateRandomization } from '../pairedApproximateRandomization.js';
import { pairedBootstrapResampling } from '../pairedBootstrapResampling.js';
import type { TPairedTextResult } from '../pairedTextSystems.js';

type Scores = { score: number; mean: number | null; ci: number | null };
interface Case {
  test: 'bs' | 'ar';
  seed: number;
  nSamples: number;
  confidenceSamples: number;
  chrfWordOrder: number;
  baseline: string[];
  candidate: string[];
  references: string[][];
  expected: Record<string, { baseline: Scores; candidate: Scores & { pValue: number } }>;
}
const { cases } = JSON.parse(
  readFileSync(new URL('./reference/sacrebleu_paired.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

function close(actual: number | null, expected: number | null, tol = 1e-9) {
  if (expected === null) return expect(actual).toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tol);
}

function run(c: Case): TPairedTextResult {
  const metrics = Object.keys(c.expected) as ('bleu' | 'chrf' | 'ter')[];
  const options = {
    metrics,
    seed: c.seed,
    nSamples: c.nSamples,
    chrf: { wordOrder: c.chrfWordOrder },
  };
  return c.test === 'bs'
    ? pairedBootstrapResampling(c.baseline, c.candidate, c.references, options)
    : pairedApproximateRandomization(c.baseline, c.candidate, c.references, {
        ...options,
        confidenceSamples: c.confidenceSamples,
      });
}

describe('paired tests equal sacrebleu 2.6.0 for the same seed and samples', () => {
  it.each(
    cases.map(
      (c) =>
        [
          `--paired-${c.test}, ${c.baseline.length} segments, ${c.references[0]?.length} ref(s), seed ${c.seed}, ${c.nSamples} samples, ${Object.keys(c.expected).join('+')}`,
          c,
        ] as const,
    ),
  )('%s', (_, c) => {
    const r = run(c);
    for (const m of r.metrics) {
      const e = c.expected[m.metric];
      if (e === undefined) throw new Error(`no expected ${m.metric}`);
      close(m.baseline.score, e.baseline.score, 1e-10);
      close(m.candidate.score, e.candidate.score, 1e-10);
      // p = (c + 1)/(n + 1): equal counts give equal p-values, exactly
      expect({ metric: m.metric, p: m.candidate.pValue }).toEqual({
        metric: m.metric,
        p: e.candidate.pValue,
      });
      close(m.baseline.mean, e.baseline.mean);
      close(m.baseline.ci, e.baseline.ci);
      close(m.candidate.mean, e.candidate.mean);
      close(m.candidate.ci, e.candidate.ci);
    }
  });

  it('the registered metrics give the same result', () => {
    const c = cases.find((x) => x.test === 'bs') as Case;
    const direct = run(c);
    const registered = computeMetric(
      'pairedBootstrapResampling',
      { baseline: c.baseline, candidate: c.candidate, references: c.references },
      {
        metrics: Object.keys(c.expected),
        seed: c.seed,
        nSamples: c.nSamples,
        chrf: { wordOrder: c.chrfWordOrder },
      },
    );
    expect(registered).toEqual(direct);
  });

  it('refuses seed 0 (sacrebleu would run unseeded) and mismatched systems', () => {
    expect(() => pairedBootstrapResampling(['a'], ['a'], [['a']], { seed: 0 })).toThrow(/seed/);
    expect(() => pairedApproximateRandomization(['a', 'b'], ['a'], [['a'], ['b']])).toThrow(
      /segments/,
    );
  });
});
