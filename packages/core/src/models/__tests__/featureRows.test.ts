import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { featureRowsToMatrix, findFeatureColumns, matchFeatureColumns } from '../featureRows.js';

const FEATURES = ['age', 'income', 'score'];

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error('expected a throw');
}

describe('featureRowsToMatrix(rows, features)', () => {
  const expected = Float64Array.from([1, 2, 3, 4, 5, 6]);

  it('reads positional rows in the model order', () => {
    const m = featureRowsToMatrix(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      FEATURES,
    );
    expect(m).toEqual({ rows: 2, cols: 3, data: expected });
  });

  it('matches rows keyed by name, whatever their key order', () => {
    const m = featureRowsToMatrix(
      [
        { score: 3, age: 1, income: 2 },
        { income: 5, score: 6, age: 4 },
      ],
      FEATURES,
    );
    expect(m.data).toEqual(expected);
  });

  it('matches columnar rows (pandas split orient) by name, ignoring the index', () => {
    const m = featureRowsToMatrix(
      {
        columns: ['income', 'score', 'age'],
        data: [
          [2, 3, 1],
          [5, 6, 4],
        ],
        index: [0, 1],
      },
      FEATURES,
    );
    expect(m.data).toEqual(expected);
  });

  it('names missing and extra columns', () => {
    expect(message(() => featureRowsToMatrix([{ age: 1, incme: 2, score: 3 }], FEATURES))).toBe(
      "rows[0] lack the feature 'income' and have the column 'incme', which the model does not take; the model takes 'age', 'income', 'score'",
    );
    expect(
      message(() => featureRowsToMatrix({ columns: ['age', 'score'], data: [[1, 3]] }, FEATURES)),
    ).toBe("rows lack the feature 'income'; the model takes 'age', 'income', 'score'");
    expect(
      message(() =>
        featureRowsToMatrix(
          { columns: ['age', 'income', 'score', 'id'], data: [[1, 2, 3, 9]] },
          FEATURES,
        ),
      ),
    ).toBe(
      "rows have the column 'id', which the model does not take; the model takes 'age', 'income', 'score'",
    );
  });

  it('names the row and feature of a value that is not a finite number', () => {
    expect(message(() => featureRowsToMatrix([{ age: 1, income: '2', score: 3 }], FEATURES))).toBe(
      'row 0 has "2" for feature \'income\'; expected a finite number',
    );
    expect(message(() => featureRowsToMatrix([[1, null, 3]], FEATURES))).toBe(
      "row 0 has null for feature 'income'; expected a finite number",
    );
    expect(
      message(() => featureRowsToMatrix({ columns: FEATURES, data: [[1, 2]] }, FEATURES)),
    ).toBe('data[0] has 2 values but columns names 3');
  });

  it('refuses mixed forms, repeated columns, wrong widths and no rows', () => {
    expect(
      message(() => featureRowsToMatrix([{ age: 1, income: 2, score: 3 }, [1, 2, 3]], FEATURES)),
    ).toBe('rows[1] is not an object like rows[0]; send every row in one form');
    expect(
      message(() => featureRowsToMatrix({ columns: ['age', 'age'], data: [] }, FEATURES)),
    ).toBe("rows name the column 'age' twice");
    expect(message(() => featureRowsToMatrix([[1, 2]], FEATURES))).toMatch(
      /^rows\[0\] has 2 values but the model takes 3 features/,
    );
    expect(message(() => featureRowsToMatrix([], FEATURES))).toBe(
      'rows is empty; send at least one row',
    );
  });
});

describe('findFeatureColumns / matchFeatureColumns', () => {
  it('finds each feature by name and reports missing and extra columns', () => {
    expect(findFeatureColumns(['b', 'a', 'z'], ['a', 'b', 'y'])).toEqual({
      indices: [1, 0, -1],
      missing: ['z'],
      extra: ['y'],
    });
  });

  it('allows extra columns when asked (a batch test table holds its target too)', () => {
    expect(matchFeatureColumns(['b', 'a'], ['a', 'y', 'b'], { allowExtra: true })).toEqual([2, 0]);
  });
});
