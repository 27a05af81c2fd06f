/**
 * analyzeAbTest against its references on generated experiments:
 * `reference/abtest_gbstats.json` (scripts/reference/abtest_gbstats.py) holds, per case, the input
 * (sufficient statistics aggregated from simulated unit-level data) and what gbstats 0.8.0
 * (TwoSidedTTest, SequentialTwoSidedTTest, EffectBayesianABTest, RegressionAdjustedStatistic,
 * RatioStatistic, check_srm), statsmodels 0.13.5 (proportions_ztest, confint_proportions_2indep,
 * multipletests) and SciPy 1.10.1 (ttest_ind(equal_var=False) on the raw samples, chisquare)
 * return for it. NaN in the reference is JSON null.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AbTestAnalysis, analyzeAbTest, type TAnalyzeAbTestInput } from '../index.js';

interface ExpectedEffect {
  estimate: number | null;
  ci: [number | null, number | null] | null;
  pValue: number | null;
  error: string | null;
}
interface ExpectedVariant {
  variant: number;
  mean: number;
  absolute: ExpectedEffect;
  relative: ExpectedEffect;
  chanceToWin: number | null;
  expectedLoss: number | null;
  adjustedPValue: number | null;
  varianceReduction: number | null;
}
interface Case {
  name: string;
  input: TAnalyzeAbTestInput;
  expected: {
    srm: { pValue: number; chiSquare?: number; scipyPValue?: number };
    metrics: { name: string; cuped: boolean; variants: ExpectedVariant[] }[];
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('./reference/abtest_gbstats.json', import.meta.url), 'utf8'),
) as { source: string; cases: Case[] };

const REL = 1e-9;
/** p-values computed as 2(1 − F) in gbstats lose absolute precision near 0: 1e-12 absolute floor. */
function close(
  actual: number | null | undefined,
  expected: number | null,
  what: string,
  abs = 1e-12,
): void {
  if (expected === null) {
    expect(actual ?? null, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  const diff = Math.abs((actual as number) - expected);
  expect(diff <= Math.max(abs, REL * Math.abs(expected)), `${what}: ${actual} vs ${expected}`).toBe(
    true,
  );
}

function effect(
  actual: AbTestAnalysis['metrics'][number]['variants'][number]['absolute'],
  expected: ExpectedEffect,
  what: string,
): void {
  expect(actual.error ?? null, `${what} error`).toBe(expected.error);
  close(actual.estimate, expected.estimate, `${what} estimate`);
  close(actual.pValue, expected.pValue, `${what} pValue`);
  if (expected.ci === null || expected.ci[0] === null || expected.ci[1] === null) {
    expect(actual.ci, `${what} ci`).toBeNull();
  } else {
    expect(actual.ci, `${what} ci`).not.toBeNull();
    close(actual.ci?.[0], expected.ci[0], `${what} ci[0]`);
    close(actual.ci?.[1], expected.ci[1], `${what} ci[1]`);
  }
}

describe(`analyzeAbTest equals its references (${fixture.source})`, () => {
  it('the fixture covers every method, CUPED, ratio metrics, three variants and the edge cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(30);
    const methods = new Set(fixture.cases.map((c) => c.input.method));
    expect([...methods].sort()).toEqual(['bayesian', 'frequentist', 'sequential']);
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const result = analyzeAbTest(c.input);
      close(result.srm.pValue, c.expected.srm.pValue, 'srm pValue (gbstats check_srm)');
      if (c.expected.srm.chiSquare !== undefined) {
        close(result.srm.chiSquare, c.expected.srm.chiSquare, 'srm chi-square (SciPy chisquare)');
        close(result.srm.pValue, c.expected.srm.scipyPValue as number, 'srm p (SciPy chisquare)');
      }
      expect(result.srm.flagged).toBe(c.expected.srm.pValue < 0.001);
      expect(result.metrics.length).toBe(c.expected.metrics.length);
      c.expected.metrics.forEach((em, mi) => {
        const am = result.metrics[mi] as AbTestAnalysis['metrics'][number];
        expect(am.name).toBe(em.name);
        expect(am.cuped).toBe(em.cuped);
        em.variants.forEach((ev, vi) => {
          const av = am.variants[vi] as AbTestAnalysis['metrics'][number]['variants'][number];
          const where = `${em.name}[${vi}]`;
          close(av.mean, ev.mean, `${where} mean`);
          effect(av.absolute, ev.absolute, `${where} absolute`);
          effect(av.relative, ev.relative, `${where} relative`);
          close(av.chanceToWin, ev.chanceToWin, `${where} chanceToWin`);
          close(av.expectedLoss, ev.expectedLoss, `${where} expectedLoss`);
          close(av.adjustedPValue, ev.adjustedPValue, `${where} adjustedPValue`);
          close(av.varianceReduction, ev.varianceReduction, `${where} varianceReduction`);
        });
      });
    });
  }
});
