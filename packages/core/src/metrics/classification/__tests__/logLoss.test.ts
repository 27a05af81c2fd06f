import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../errors/index.js';
import { computeMetric } from '../../computeMetric.js';
import { logLoss } from '../logLoss.js';

// Expected values: scikit-learn 1.2.1 (Debian python3-sklearn 1.2.1+dfsg-1), run with
// /usr/bin/python3 -c "from sklearn.metrics import log_loss; print(repr(log_loss(...)))".
describe('logLoss(yTrue, yScore, { eps: 0 }) as scikit-learn 1.2.1 log_loss(..., eps=0)', () => {
  it('clips nothing: probabilities inside (0, 1) give the unclipped loss', () => {
    // log_loss([0,1,1,0], [0.1,0.8,0.6,0.3], eps=0) → 0.2990011586691898
    expect(logLoss([0, 1, 1, 0], [0.1, 0.8, 0.6, 0.3], { eps: 0 })).toBeCloseTo(
      0.2990011586691898,
      15,
    );
  });

  it('scores a certain right answer (p = 1, other class 0) as exactly 0, not as −log(1 − eps)', () => {
    // log_loss([0,1,1,0], [0.0,1.0,0.6,0.3], eps=0) → 0.2168751419261808
    // (with eps="auto": 0.2168751419261809)
    expect(logLoss([0, 1, 1, 0], [0.0, 1.0, 0.6, 0.3], { eps: 0 })).toBeCloseTo(
      0.2168751419261808,
      15,
    );
  });

  it('is Infinity when the true class has probability 0 (scikit-learn: inf)', () => {
    // log_loss([0,1], [1.0,1.0], eps=0) → inf
    expect(logLoss([0, 1], [1.0, 1.0], { eps: 0 })).toBe(Number.POSITIVE_INFINITY);
  });

  it('takes multiclass rows with zeros in other classes (xlogy(0, 0) = 0)', () => {
    // log_loss(['a','b','c'], [[1.0,0,0],[0.2,0.5,0.3],[0,0.25,0.75]], eps=0) → 0.32694308433724206
    expect(
      logLoss(
        ['a', 'b', 'c'],
        [
          [1, 0, 0],
          [0.2, 0.5, 0.3],
          [0, 0.25, 0.75],
        ],
        { eps: 0 },
      ),
    ).toBeCloseTo(0.32694308433724206, 15);
  });

  it('is accepted through the catalog (params.eps = 0) and still refuses a negative eps', () => {
    const result = computeMetric(
      'logLoss',
      { yTrue: [0, 1, 1, 0], yScore: [0.1, 0.8, 0.6, 0.3] },
      { eps: 0 },
    );
    expect(result.value).toBeCloseTo(0.2990011586691898, 15);
    expect(() =>
      computeMetric('logLoss', { yTrue: [0, 1], yScore: [0.2, 0.7] }, { eps: -1e-3 }),
    ).toThrow(InvalidInputError);
    expect(() => logLoss([0, 1], [0.2, 0.7], { eps: 0.5 })).toThrow(
      'eps is 0.5; expected a number in [0, 0.5)',
    );
  });
});
