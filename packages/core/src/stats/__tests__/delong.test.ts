/**
 * DeLong's test (Sun & Xu's mid-rank algorithm) against (1) a direct O(m·n) computation of the
 * placement values of DeLong et al. (1988), written out below, and (2) the cases of
 * `scripts/reference/paired_tests.py`: AUCs from scikit-learn 1.2.1 `roc_auc_score`, variance,
 * z, p and the 95 % interval from the same O(m·n) definition in NumPy (SciPy 1.10.1 `norm`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { computeMetric } from '../../metrics/computeMetric.js';
import { delongRocAucTest } from '../delongRocAucTest.js';
import { normalPpf, normalSf } from '../distributions/index.js';

function close(actual: number, expected: number, rel = 1e-9) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-15);
}

/** DeLong et al. (1988): ψ(x, y) = 1 if x > y, ½ if equal; V10ᵢ, V01ⱼ are row and column means. */
function direct(yTrue: number[], a: number[], b: number[]) {
  const comp = (s: number[]) => {
    const pos = s.filter((_, i) => yTrue[i] === 1);
    const neg = s.filter((_, i) => yTrue[i] === 0);
    const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
    const v10 = pos.map((x) => neg.reduce((t, y) => t + psi(x, y), 0) / neg.length);
    const v01 = neg.map((y) => pos.reduce((t, x) => t + psi(x, y), 0) / pos.length);
    return {
      v10,
      v01,
      auc: v10.reduce((t, v) => t + v, 0) / pos.length,
      m: pos.length,
      n: neg.length,
    };
  };
  const cov = (x: number[], y: number[]) => {
    const mx = x.reduce((t, v) => t + v, 0) / x.length;
    const my = y.reduce((t, v) => t + v, 0) / y.length;
    return x.reduce((t, v, i) => t + (v - mx) * ((y[i] as number) - my), 0) / (x.length - 1);
  };
  const A = comp(a);
  const B = comp(b);
  const s = (p: number[], q: number[], r: number[], t: number[]) =>
    cov(p, q) / A.m + cov(r, t) / A.n;
  const variance =
    s(A.v10, A.v10, A.v01, A.v01) +
    s(B.v10, B.v10, B.v01, B.v01) -
    2 * s(A.v10, B.v10, A.v01, B.v01);
  const difference = A.auc - B.auc;
  const z = difference / Math.sqrt(variance);
  return { aucA: A.auc, aucB: B.auc, difference, variance, z, pValue: 2 * normalSf(Math.abs(z)) };
}

/** A small deterministic generator for the random cases (the test's own; not under test). */
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

describe('delongRocAucTest (Sun & Xu) equals the O(m·n) placement-value computation', () => {
  const cases: [string, number, number, number][] = [
    ['n=12, heavy ties', 12, 1, 1],
    ['n=40, ties', 40, 2, 10],
    ['n=150, no ties', 150, 3, 0],
    ['n=400, ties', 400, 4, 20],
  ];
  it.each(cases)('%s', (_, n, seed, roundTo) => {
    const r = lcg(seed);
    const yTrue = Array.from({ length: n }, (_, i) => (i < 2 ? 0 : i < 4 ? 1 : r() < 0.4 ? 1 : 0));
    const q = (v: number) => (roundTo === 0 ? v : Math.round(v * roundTo) / roundTo);
    const a = yTrue.map((y) => q(y * 0.7 + r()));
    const b = yTrue.map((y, i) => q(y * 0.4 + 0.5 * (a[i] as number) + r()));
    const fast = delongRocAucTest(yTrue, a, b);
    const slow = direct(yTrue, a, b);
    close(fast.aucA, slow.aucA, 1e-12);
    close(fast.aucB, slow.aucB, 1e-12);
    close(fast.variance, slow.variance, 1e-9);
    close(fast.z, slow.z, 1e-9);
    close(fast.pValue, slow.pValue, 1e-8);
    close(fast.high - fast.low, 2 * normalPpf(0.975) * Math.sqrt(slow.variance), 1e-9);
  });
});

interface DelongCase {
  n: number;
  yTrue: number[];
  yScoreA: number[];
  yScoreB: number[];
  aucA: number;
  aucB: number;
  difference: number;
  variance: number;
  z: number;
  pvalue: number;
  low95: number;
  high95: number;
}

describe('delongRocAucTest equals the reference cases (sklearn AUCs, NumPy DeLong)', () => {
  const { cases } = JSON.parse(
    readFileSync(new URL('./reference/delong.json', import.meta.url), 'utf8'),
  ) as { cases: DelongCase[] };
  it.each(cases.map((c) => [`n=${c.n}`, c] as const))('%s', (_, c) => {
    const r = delongRocAucTest(c.yTrue, c.yScoreA, c.yScoreB);
    close(r.aucA, c.aucA, 1e-12);
    close(r.aucB, c.aucB, 1e-12);
    close(r.difference, c.difference, 1e-10);
    close(r.variance, c.variance, 1e-9);
    close(r.z, c.z, 1e-9);
    close(r.pValue, c.pvalue, 1e-8);
    close(r.low, c.low95, 1e-9);
    close(r.high, c.high95, 1e-9);
  });

  it('the registered metric gives the same numbers, with string labels and posLabel', () => {
    const c = cases[1] as DelongCase;
    const labels = c.yTrue.map((y) => (y === 1 ? 'sick' : 'well'));
    const r = computeMetric(
      'delongRocAucTest',
      { yTrue: labels, yScoreA: c.yScoreA, yScoreB: c.yScoreB },
      { posLabel: 'sick' },
    );
    close(r.z as number, c.z, 1e-9);
  });

  it('throws for one class, too few of a class, and identical rankings', () => {
    expect(() => delongRocAucTest([1, 1, 1], [1, 2, 3], [1, 2, 3])).toThrow(/exactly 2/);
    expect(() => delongRocAucTest([0, 1, 1], [1, 2, 3], [3, 2, 1])).toThrow(/at least 2 of each/);
    expect(() => delongRocAucTest([0, 0, 1, 1], [1, 2, 3, 4], [1, 2, 3, 4])).toThrow(
      InvalidInputError,
    );
  });
});
