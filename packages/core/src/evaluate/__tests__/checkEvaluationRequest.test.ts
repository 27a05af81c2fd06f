import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { checkEvaluationRequest } from '../checkEvaluationRequest.js';

function refusal(run: () => void): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected a throw');
}

describe('checkEvaluationRequest(request, columns)', () => {
  it('passes a request whose metrics exist and whose columns are there', () => {
    expect(() =>
      checkEvaluationRequest(
        {
          target: 'y',
          features: ['x'],
          metrics: [{ name: 'accuracy' }, { name: 'groupMetrics', inputs: { sensitive: 'g' } }],
        },
        ['x', 'g', 'y'],
      ),
    ).not.toThrow();
  });

  it('refuses an unknown metric as invalid input listing the metrics a batch test computes', () => {
    const error = refusal(() =>
      checkEvaluationRequest({ target: 'y', metrics: [{ name: 'acuracy' }] }, ['x', 'y']),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(
      /^unknown metric 'acuracy'; the metrics a batch test computes are accuracy, .*logLoss.*r2/,
    );
    expect(error.message).not.toMatch(/ndcg/);
    expect(error.issues[0]?.path).toEqual(['metrics', 0, 'name']);
  });

  it('names every missing column and lists the columns present', () => {
    const error = refusal(() =>
      checkEvaluationRequest(
        {
          target: 'label',
          features: ['x', 'w'],
          metrics: [{ name: 'accuracy', inputs: { sampleWeight: 'weight' } }],
        },
        ['x', 'y'],
      ),
    );
    expect(error.message).toBe(
      "the dataset has no columns 'label', 'w', 'weight'; its columns are 'x', 'y'",
    );
    expect(error.issues.map((i) => i.path)).toEqual([
      ['target'],
      ['features', 1],
      ['metrics', 0, 'inputs', 'sampleWeight'],
    ]);
  });
});
