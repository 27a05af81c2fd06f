import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { isMatrix } from '../../linalg/index.js';
import { explain } from '../explain.js';
import { ZMatrixSchema } from '../inputs.js';

const linear = { type: 'linear', coef: [1, -2], intercept: 0.5 };

async function rejection(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe('ZMatrixSchema (one typed pass)', () => {
  it('turns nested arrays into a Float64Array-backed Matrix with the same values', () => {
    const parsed = ZMatrixSchema.parse([
      [1, 2],
      [3.5, -4],
    ]);
    expect(isMatrix(parsed)).toBe(true);
    expect(parsed).toEqual({ rows: 2, cols: 2, data: Float64Array.from([1, 2, 3.5, -4]) });
  });

  it('passes a Matrix through untouched', () => {
    const m = { rows: 1, cols: 2, data: Float64Array.from([1, 2]) };
    expect(ZMatrixSchema.parse(m)).toBe(m);
  });

  it('names the exact index of a non-finite or non-numeric value, and a ragged row', () => {
    const bad = ZMatrixSchema.safeParse([
      [1, 2],
      [3, Number.NaN],
    ]);
    expect(bad.error?.issues).toEqual([
      expect.objectContaining({ path: [1, 1], message: 'expected a finite number, received NaN' }),
    ]);
    expect(ZMatrixSchema.safeParse([[1, '2']]).error?.issues[0]).toMatchObject({
      path: [0, 1],
      message: 'expected a finite number, received string',
    });
    expect(ZMatrixSchema.safeParse([[1, 2], [3]]).error?.issues[0]).toMatchObject({
      path: [1],
      message: 'row 1 has 1 values but row 0 has 2',
    });
  });

  it('leaves what is not an array of arrays to the documented schema', () => {
    expect(ZMatrixSchema.safeParse('x').success).toBe(false);
    expect(ZMatrixSchema.safeParse([1, 2]).success).toBe(false);
  });
});

describe("explain('permutationImportance', { X: nested arrays })", () => {
  it('reports a non-finite value of X at its path (input, X, i, j)', async () => {
    const X = [
      [1, 2],
      [3, 4],
      [5, Number.POSITIVE_INFINITY],
    ];
    const error = await rejection(
      explain('permutationImportance', { model: linear, X, y: [1, 2, 3] }, { nRepeats: 1 }),
    );
    expect(error.message).toBe('input.X[2][1]: expected a finite number, received Infinity');
    expect(error.issues).toEqual([
      { path: ['input', 'X', 2, 1], message: 'expected a finite number, received Infinity' },
    ]);
  });

  it('gives the same importances from nested arrays as from a Matrix', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
    const y = rows.map(([a, b]) => (a as number) - 2 * (b as number));
    const params = { scoring: 'r2', nRepeats: 3, seed: 1 };
    const fromArrays = await explain(
      'permutationImportance',
      { model: linear, X: rows, y },
      params,
    );
    const matrix = { rows: 40, cols: 2, data: Float64Array.from(rows.flat()) };
    const fromMatrix = await explain(
      'permutationImportance',
      { model: linear, X: matrix, y },
      params,
    );
    expect(fromArrays.importancesMean).toEqual(fromMatrix.importancesMean);
  });
});
