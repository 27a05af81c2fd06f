import type { ModelEvaluation } from '@assay/core';
import { MAX_EVALUATION_JSON_BYTES, type Project, ZCreateEvaluationSchema } from '@assay/registry';
import { describe, expect, it } from 'vitest';
import { toEvaluationInput } from '../src/evaluations/run-evaluation.js';

const project = { id: '0190f2a0-0000-7000-8000-000000000001' } as Project;
const fingerprint = { sha256: 'a'.repeat(64), rows: 3, columns: [{ name: 'x' }, { name: 'y' }] };

function report(metrics: { name: string; value: number | null; result: object }[]) {
  return {
    metrics: metrics.map((m) => ({ ...m, params: {}, signature: `metric:${m.name}` })),
  } as unknown as ModelEvaluation;
}

describe('toEvaluationInput(…) keeps structured metric results', () => {
  it('stores a result beyond its value as JSON (typed arrays as arrays, non-finite as null)', () => {
    const input = toEvaluationInput(
      project,
      'm',
      1,
      report([
        { name: 'accuracy', value: 0.5, result: { value: 0.5 } },
        {
          name: 'rocCurve',
          value: null,
          result: { fpr: Float64Array.from([0, 1]), tpr: [0, 1], thresholds: [Infinity, 0.5] },
        },
      ]),
      fingerprint as never,
      { actor: 'alice' },
    );
    expect(input.metrics[0]).not.toHaveProperty('result');
    expect(input.metrics[1]?.result).toEqual({
      fpr: [0, 1],
      tpr: [0, 1],
      thresholds: [null, 0.5],
    });
    expect(ZCreateEvaluationSchema.safeParse(input).success).toBe(true);
  });

  it('leaves out, saying why, a result too large to store, and keeps the evaluation storable', () => {
    // About 7 MB of JSON (400,000 numbers of ~17 digits): more than an evaluation stores.
    const huge = { fpr: Array.from({ length: 400_000 }, (_, i) => (i + 1) / 7) };
    const input = toEvaluationInput(
      project,
      'm',
      1,
      report([
        {
          name: 'confusionMatrix',
          value: null,
          result: {
            matrix: [
              [1, 0],
              [0, 2],
            ],
          },
        },
        { name: 'rocCurve', value: null, result: huge },
      ]),
      fingerprint as never,
      { actor: null },
    );
    expect(input.metrics[0]?.result).toEqual({
      matrix: [
        [1, 0],
        [0, 2],
      ],
    });
    expect(input.metrics[1]).not.toHaveProperty('result');
    expect(input.metrics[1]?.resultOmitted).toMatch(
      new RegExp(
        `^the result \\(\\d+ bytes of JSON\\) does not fit what an evaluation stores \\(${MAX_EVALUATION_JSON_BYTES} bytes`,
      ),
    );
    expect(ZCreateEvaluationSchema.safeParse(input).success).toBe(true);
  });
});
