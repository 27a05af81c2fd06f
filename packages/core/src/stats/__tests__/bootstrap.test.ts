import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { bootstrapMetric } from '../../metrics/bootstrapMetric.js';
import { computeMetric } from '../../metrics/computeMetric.js';
import { SeededRandom } from '../random.js';

const input = {
  yTrue: [1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1],
  yPred: [1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1],
};

describe('bootstrapMetric(name, input, params, options)', () => {
  it('is reproducible for a seed and brackets the estimate', () => {
    const a = bootstrapMetric('accuracy', input, {}, { nResamples: 200, seed: 7 });
    const b = bootstrapMetric('accuracy', input, {}, { nResamples: 200, seed: 7 });
    expect(a).toEqual(b);
    expect(a.estimate).toBeCloseTo(9 / 12, 15);
    expect(a.low).toBeLessThanOrEqual(a.estimate);
    expect(a.high).toBeGreaterThanOrEqual(a.estimate);
    expect(a.low).toBeGreaterThanOrEqual(0);
    expect(a.high).toBeLessThanOrEqual(1);
  });

  it('a different seed gives a different stream', () => {
    const r1 = new SeededRandom(1);
    const r2 = new SeededRandom(2);
    expect([r1.nextUint32(), r1.nextUint32()]).not.toEqual([r2.nextUint32(), r2.nextUint32()]);
  });

  it('resamples where the metric is undefined are counted, not hidden', () => {
    const r = bootstrapMetric(
      'rocAuc',
      { yTrue: [0, 1, 1], yScore: [0.1, 0.8, 0.7] },
      {},
      {
        nResamples: 50,
      },
    );
    expect(r.skipped).toBeGreaterThan(0);
    expect(r.skipped).toBeLessThan(50);
  });

  it('arrays of different lengths cannot be resampled together', () => {
    expect(() =>
      bootstrapMetric('psi', { expected: [1, 2, 3], actual: [1, 2] }, { bins: [0, 2, 4] }),
    ).toThrow(InvalidInputError);
  });

  it('a non-numeric field is refused with the numeric ones listed', () => {
    expect(() => bootstrapMetric('accuracy', input, {}, { field: 'nope' })).toThrow(
      /choose one of value/,
    );
  });
});

function invalid(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected InvalidInputError');
}

describe("computeMetric('bootstrap', { metric, input, params }, options)", () => {
  it('is the same computation as bootstrapMetric, for any registered metric', () => {
    const options = { nResamples: 300, confidenceLevel: 0.9, seed: 11 };
    const viaCatalog = computeMetric(
      'bootstrap',
      { metric: 'f1', input, params: { average: 'macro' } },
      options,
    );
    expect(viaCatalog).toEqual(bootstrapMetric('f1', input, { average: 'macro' }, options));
    expect(viaCatalog).toMatchObject({ metric: 'f1', nResamples: 300, confidenceLevel: 0.9 });
  });

  it('defaults: 1000 resamples, 95 %, seed 0, field value', () => {
    const r = computeMetric('bootstrap', { metric: 'accuracy', input });
    expect(r).toMatchObject({ nResamples: 1000, confidenceLevel: 0.95, seed: 0, field: 'value' });
  });

  it('a metric that is the same on every resample has a zero-width interval', () => {
    // Every prediction right: accuracy is 1 on any resample.
    const r = computeMetric(
      'bootstrap',
      { metric: 'accuracy', input: { yTrue: [0, 1, 1, 0, 2], yPred: [0, 1, 1, 0, 2] } },
      { nResamples: 50 },
    );
    expect(r).toMatchObject({ estimate: 1, low: 1, high: 1, skipped: 0 });
  });

  it('refuses to bootstrap itself', () => {
    const error = invalid(() =>
      computeMetric('bootstrap', { metric: 'bootstrap', input: { metric: 'accuracy', input } }),
    );
    expect(error.issues[0]?.path).toEqual(['input', 'metric']);
  });

  it('an unknown inner metric is invalid input (not an unknown route)', () => {
    const error = invalid(() => computeMetric('bootstrap', { metric: 'acuracy', input }));
    expect(error.issues[0]?.path).toEqual(['input', 'metric']);
    expect(error.message).toMatch(/unknown metric 'acuracy'/);
  });

  it("the inner metric's input errors point into input.input and name the metric", () => {
    const error = invalid(() =>
      computeMetric('bootstrap', { metric: 'accuracy', input: { yTrue: [1, 0], yPred: [1] } }),
    );
    expect(error.message).toBe('accuracy: yTrue has 2 labels but yPred has 1');
    expect(error.issues[0]?.path).toEqual(['input', 'input', 'yPred']);
  });

  it('params out of range are refused by the schema', () => {
    const error = invalid(() =>
      computeMetric('bootstrap', { metric: 'accuracy', input }, { confidenceLevel: 1 }),
    );
    expect(error.issues[0]?.path).toEqual(['params', 'confidenceLevel']);
  });
});
