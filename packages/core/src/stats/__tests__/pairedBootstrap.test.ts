/**
 * The paired bootstrap against a loop over scikit-learn with the same resample indices
 * (`scripts/reference/paired_tests.py`: `fn(y[i], a[i]) − fn(y[i], b[i])` for each row i of
 * `indices`, then `numpy.percentile`): same indices, same deltas, same interval.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeMetric } from '../../metrics/computeMetric.js';
import { bootstrap } from '../bootstrap.js';
import { pairedBootstrapDelta } from '../pairedBootstrapDelta.js';
import { pairedBootstrapRocAuc } from '../pairedBootstrapRocAuc.js';

interface Case {
  metric: 'rocAuc' | 'accuracy' | 'f1' | 'mae';
  yTrue: number[];
  a: number[];
  b: number[];
  level: number;
  estimateA: number;
  estimateB: number;
  low: number;
  high: number;
  deltas: number[];
}
const { indices, cases } = JSON.parse(
  readFileSync(new URL('./reference/paired_bootstrap.json', import.meta.url), 'utf8'),
) as { indices: number[][]; cases: Case[] };

function close(actual: number, expected: number, tol = 1e-12) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol);
}

const field = (c: Case) => (c.metric === 'rocAuc' ? 'yScore' : 'yPred');
const params = (c: Case) => (c.metric === 'f1' || c.metric === 'rocAuc' ? { posLabel: 1 } : {});
const pick = (values: number[], idx: Uint32Array) => Array.from(idx, (i) => values[i] as number);

describe('pairedBootstrapDelta with explicit indices equals the scikit-learn loop', () => {
  it.each(cases.map((c) => [`${c.metric}, level ${c.level}`, c] as const))('%s', (_, c) => {
    const on = (values: number[]) => (idx: Uint32Array) =>
      computeMetric(
        c.metric,
        { yTrue: pick(c.yTrue, idx), [field(c)]: pick(values, idx) },
        params(c),
      ).value as number;
    const r = pairedBootstrapDelta(c.yTrue.length, on(c.a), on(c.b), {
      indices,
      confidenceLevel: c.level,
    });
    close(r.estimateA, c.estimateA);
    close(r.estimateB, c.estimateB);
    close(r.low, c.low);
    close(r.high, c.high);
    expect(r.nResamples).toBe(indices.length);
    expect(r.seed).toBeNull();
  });
});

describe('pairedBootstrapRocAuc (fast path) equals the scikit-learn loop', () => {
  it.each(cases.filter((c) => c.metric === 'rocAuc').map((c) => [`level ${c.level}`, c] as const))(
    '%s',
    (_, c) => {
      const r = pairedBootstrapRocAuc(c.yTrue, c.a, c.b, { indices, confidenceLevel: c.level });
      close(r.estimateA, c.estimateA);
      close(r.low, c.low);
      close(r.high, c.high);
    },
  );

  it('gives the generic path’s interval for the same seed (same draws)', () => {
    const c = cases[0] as Case;
    const on = (values: number[]) => (idx: Uint32Array) =>
      computeMetric('rocAuc', { yTrue: pick(c.yTrue, idx), yScore: pick(values, idx) })
        .value as number;
    const slow = pairedBootstrapDelta(c.yTrue.length, on(c.a), on(c.b), {
      nResamples: 200,
      seed: 7,
    });
    const fast = pairedBootstrapRocAuc(c.yTrue, c.a, c.b, { nResamples: 200, seed: 7 });
    close(fast.low, slow.low);
    close(fast.high, slow.high);
    close(fast.pValue, slow.pValue);
    expect(fast.seed).toBe(7);
  });

  it('skips resamples with one class, as scikit-learn refuses them', () => {
    const r = pairedBootstrapRocAuc(
      [1, 0, 0, 0, 0, 0],
      [0.9, 0.1, 0.2, 0.3, 0.4, 0.5],
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
      {
        nResamples: 300,
        seed: 1,
      },
    );
    expect(r.skipped).toBeGreaterThan(0);
    expect(r.nResamples).toBe(300);
  });
});

describe('pairedBootstrapDelta draws what bootstrap draws for a seed', () => {
  it('the interval of A − B with B ≡ 0 is bootstrap’s interval of A', () => {
    const x = Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3 + i / 10);
    const mean = (v: number[]) => v.reduce((t, y) => t + y, 0) / v.length;
    const one = bootstrap('mean', { x }, (s) => ({ value: mean(s.x as number[]) }), {
      seed: 5,
      nResamples: 300,
    });
    const paired = pairedBootstrapDelta(
      50,
      (idx) => mean(pick(x, idx)),
      () => 0,
      {
        seed: 5,
        nResamples: 300,
      },
    );
    close(paired.low, one.low);
    close(paired.high, one.high);
  });

  it('checks explicit indices', () => {
    expect(() =>
      pairedBootstrapDelta(
        3,
        () => 1,
        () => 0,
        { indices: [[0, 1]] },
      ),
    ).toThrow(/needs n = 3/);
    expect(() =>
      pairedBootstrapDelta(
        3,
        () => 1,
        () => 0,
        { indices: [[0, 1, 3]] },
      ),
    ).toThrow(/\[0, 3\)/);
  });
});

describe('the registered pairedBootstrapDelta', () => {
  it('equals the pure function with the registry metric as statistic, for the same seed', () => {
    const c = cases.find((x) => x.metric === 'accuracy') as Case;
    const registered = computeMetric(
      'pairedBootstrapDelta',
      {
        metric: 'accuracy',
        inputA: { yTrue: c.yTrue, yPred: c.a },
        inputB: { yTrue: c.yTrue, yPred: c.b },
      },
      { nResamples: 150, seed: 4 },
    );
    const on = (values: number[]) => (idx: Uint32Array) =>
      computeMetric('accuracy', { yTrue: pick(c.yTrue, idx), yPred: pick(values, idx) })
        .value as number;
    expect(registered).toEqual(
      pairedBootstrapDelta(c.yTrue.length, on(c.a), on(c.b), { nResamples: 150, seed: 4 }),
    );
    close(registered.estimateA as number, c.estimateA);
  });

  it('refuses itself, bootstrap, unknown metrics and arrays of different lengths', () => {
    const input = {
      inputA: { yTrue: [1, 0], yPred: [1, 1] },
      inputB: { yTrue: [1, 0], yPred: [0, 1] },
    };
    expect(() => computeMetric('pairedBootstrapDelta', { ...input, metric: 'bootstrap' })).toThrow(
      /cannot resample 'bootstrap'/,
    );
    expect(() => computeMetric('pairedBootstrapDelta', { ...input, metric: 'acc' })).toThrow(
      /unknown metric 'acc'/,
    );
    expect(() =>
      computeMetric('pairedBootstrapDelta', {
        metric: 'accuracy',
        inputA: { yTrue: [1, 0], yPred: [1, 1] },
        inputB: { yTrue: [1, 0], yPred: [0] },
      }),
    ).toThrow(/inputA.yTrue has 2 and inputB.yPred has 1/);
  });
});
