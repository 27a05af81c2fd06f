import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { bootstrapMetric } from '../bootstrap.js';
import { SeededRandom } from '../random.js';

const input = {
  yTrue: [1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1],
  yPred: [1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1],
};

describe('bootstrapMetric(name, input, params, options)', () => {
  it('is reproducible for a seed and brackets the estimate', () => {
    const a = bootstrapMetric('accuracy', input, {}, { resamples: 200, seed: 7 });
    const b = bootstrapMetric('accuracy', input, {}, { resamples: 200, seed: 7 });
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
        resamples: 50,
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
