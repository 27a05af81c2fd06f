import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { predictRows } from '../predictRows.js';
import { createSpecModel } from '../specModel.js';

describe('predictRows', () => {
  it('predictRows(linear spec, rows) returns x·coef + b per row', async () => {
    const model = createSpecModel({ type: 'linear', coef: [2, -1], intercept: 0.5 });
    const out = await predictRows(model, [
      [1, 1],
      [0, 3],
    ]);
    // 2·1 − 1·1 + 0.5 = 1.5; 2·0 − 1·3 + 0.5 = −2.5 (the spec's definition in golden/README.md)
    expect(out).toEqual({ kind: 'regression', features: ['x0', 'x1'], outputs: [[1.5], [-2.5]] });
  });

  it('predictRows(logistic spec, rows) decides by the probability, ties to the first class', async () => {
    const model = createSpecModel({ type: 'logistic', coef: [1], intercept: 0 });
    const out = await predictRows(model, [[0], [3], [-3]], { batchRows: 2 });
    expect(out.kind).toBe('probability');
    expect(out.outputs[0]).toEqual([0.5]);
    // σ(3) = 1 / (1 + e^−3)
    expect(out.outputs[1]?.[0]).toBeCloseTo(1 / (1 + Math.exp(-3)), 15);
    expect(out.predicted).toEqual([out.classes?.[0], out.classes?.[1], out.classes?.[0]]);
  });

  it('refuses rows of the wrong width or with non-finite values', async () => {
    const model = createSpecModel({ type: 'linear', coef: [1, 1], intercept: 0 });
    await expect(predictRows(model, [[1, 2, 3]])).rejects.toThrow(
      'rows have 3 values but the model takes 2 features',
    );
    await expect(predictRows(model, [[1, Number.NaN]])).rejects.toBeInstanceOf(InvalidInputError);
  });
});
