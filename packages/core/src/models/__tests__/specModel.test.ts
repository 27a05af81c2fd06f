import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { createSpecModel } from '../specModel.js';

const m = (rows: number[][]) => ({
  rows: rows.length,
  cols: (rows[0] as number[]).length,
  data: Float64Array.from(rows.flat()),
});

describe('createSpecModel(spec)', () => {
  it('linear: x·coef + b', async () => {
    const model = createSpecModel({ type: 'linear', coef: [2, -1], intercept: 0.5 });
    expect(
      Array.from(
        await model.predict(
          m([
            [1, 1],
            [0, 3],
          ]),
        ),
      ),
    ).toEqual([1.5, -2.5]);
    expect(model.output).toEqual({ kind: 'regression', nOutputs: 1 });
  });

  it('logistic: σ(x·coef + b), class 1 iff the margin is > 0 (sklearn LogisticRegression.predict)', async () => {
    const model = createSpecModel({
      type: 'logistic',
      coef: [1],
      intercept: 0,
      classes: ['no', 'yes'],
    });
    const p = await model.predict(m([[0], [2]]));
    expect(p[0]).toBe(0.5);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(await model.predictClasses?.(m([[0], [1e-300], [-1]]))).toEqual(['no', 'yes', 'no']);
  });

  it('mlp: h ← act(h·W + b) per layer, output column 0', async () => {
    const model = createSpecModel({
      type: 'mlp',
      layers: [
        {
          weights: [
            [1, -1],
            [2, 0.5],
          ],
          bias: [0, 1],
          activation: 'relu',
        },
        {
          weights: [
            [1, 3],
            [-1, 0],
          ],
          bias: [0.5, 9],
          activation: 'linear',
        },
      ],
    });
    // h1 = relu([1·1 + 1·2, −1 + 0.5 + 1]) = [3, 0.5]; out0 = 3 − 0.5 + 0.5 = 3
    expect(Array.from(await model.predict(m([[1, 1]])))).toEqual([3]);
  });

  it('rejects layers that do not chain and unknown activations, naming the path', () => {
    expect(() =>
      createSpecModel({
        type: 'mlp',
        layers: [
          { weights: [[1, 1]], bias: [0, 0], activation: 'relu' },
          { weights: [[1]], bias: [0], activation: 'linear' },
        ],
      }),
    ).toThrow(/layer 1 has 1 weight rows but its input has 2 units/);
    expect(() =>
      createSpecModel({
        type: 'mlp',
        layers: [{ weights: [[1]], bias: [0], activation: 'softplus' as 'relu' }],
      }),
    ).toThrow(InvalidInputError);
  });

  it('checks the number of features of the data', async () => {
    const model = createSpecModel({ type: 'linear', coef: [1, 2, 3] });
    expect(() => model.predict(m([[1, 2]]))).toThrow(/expects 3 features but the data has 2/);
  });

  it('mlp: the tiled kernels equal the plain formula for odd rows and widths (5 rows, 3-7-5-1)', async () => {
    const sizes = [3, 7, 5, 1];
    let seed = 1;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    };
    const layers = sizes.slice(1).map((nOut, l) => ({
      weights: Array.from({ length: sizes[l] as number }, () => Array.from({ length: nOut }, rnd)),
      bias: Array.from({ length: nOut }, rnd),
      activation: (l === 2 ? 'linear' : 'tanh') as 'linear' | 'tanh',
    }));
    const rows = Array.from({ length: 5 }, () => Array.from({ length: 3 }, rnd));
    const got = await createSpecModel({ type: 'mlp', layers }).predict(m(rows));
    rows.forEach((row, r) => {
      let h = row;
      for (const layer of layers) {
        h = layer.bias.map((bk, k) => {
          const z = h.reduce((s, v, i) => s + v * (layer.weights[i]?.[k] as number), bk);
          return layer.activation === 'tanh' ? Math.tanh(z) : z;
        });
      }
      expect(got[r]).toBeCloseTo(h[0] as number, 14);
    });
  });
});

describe('createSpecModel(spec).columnVariants(x, cols)', () => {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return 2 * (seed / 2147483647) - 1;
  };
  const nIn = 6;
  const rows = 301; // more than one variant block (256 rows), and odd for the 2- and 4-row tiles
  const x = m(Array.from({ length: rows }, () => Array.from({ length: nIn }, rnd)));
  const mlp = (act: 'relu' | 'tanh') => ({
    type: 'mlp' as const,
    layers: [nIn, 9, 4, 1].slice(1).map((nOut, l, outs) => ({
      weights: Array.from({ length: l === 0 ? nIn : (outs[l - 1] as number) }, () =>
        Array.from({ length: nOut }, rnd),
      ),
      bias: Array.from({ length: nOut }, rnd),
      activation: l === 2 ? ('linear' as const) : act,
    })),
  });
  const specs = {
    'mlp relu, one hidden layer': {
      type: 'mlp' as const,
      layers: [
        {
          weights: Array.from({ length: nIn }, () => Array.from({ length: 7 }, rnd)),
          bias: Array.from({ length: 7 }, rnd),
          activation: 'relu' as const,
        },
        {
          weights: Array.from({ length: 7 }, () => [rnd()]),
          bias: [rnd()],
          activation: 'linear' as const,
        },
      ],
    },
    linear: { type: 'linear' as const, coef: Array.from({ length: nIn }, rnd), intercept: 0.3 },
    logistic: {
      type: 'logistic' as const,
      coef: Array.from({ length: nIn }, rnd),
      intercept: -0.2,
    },
    'mlp relu': mlp('relu'),
    'mlp tanh': mlp('tanh'),
  };
  /** `base` with column cols[t] replaced by values[t]. */
  const replaced = (base: typeof x, cols: number[], values: Float64Array[]) => {
    const data = base.data.slice();
    cols.forEach((c, t) => {
      for (let r = 0; r < rows; r++) data[r * nIn + c] = values[t]?.[r] as number;
    });
    return { rows, cols: nIn, data };
  };

  for (const [name, spec] of Object.entries(specs)) {
    it(`${name}: 3 stacked variants of each of 3 groups equal predict on the matrix with those columns replaced`, async () => {
      const model = createSpecModel(spec);
      const groups = [[2], [0, 5], [4, 1, 3]];
      // together (one call) and one at a time give the same predictions, up to summation order
      for (const asked of [groups, [[2]], [[0, 5]], [[4, 1, 3]], [[3], [1], [0]]]) {
        const stacked = asked.map((cols) =>
          cols.map(() => Float64Array.from({ length: 3 * rows }, rnd)),
        );
        const variants = model.columnVariants?.(x, asked);
        if (variants === undefined) throw new Error('no column variants');
        const got = variants.predict(stacked);
        const gotClasses = variants.predictClasses?.(stacked);
        expect(got.length).toBe(asked.length);
        for (let g = 0; g < asked.length; g++) {
          const cols = asked[g] as number[];
          expect(got[g]?.length).toBe(3 * rows);
          for (let q = 0; q < 3; q++) {
            const values = (stacked[g] as Float64Array[]).map((v) =>
              v.slice(q * rows, (q + 1) * rows),
            );
            const want = await model.predict(replaced(x, cols, values));
            // the same terms summed in another order: equal to a few ulps
            for (let r = 0; r < rows; r++) {
              const diff = Math.abs((got[g]?.[q * rows + r] as number) - (want[r] as number));
              expect(diff).toBeLessThan(1e-14);
            }
            if (model.predictClasses !== undefined) {
              expect(gotClasses?.[g]?.slice(q * rows, (q + 1) * rows)).toEqual(
                await model.predictClasses(replaced(x, cols, values)),
              );
            }
          }
        }
      }
    });
  }

  it('relu stays exact at the edges: 0, −0, subnormals, and beyond 2^1023', async () => {
    const model = createSpecModel({
      type: 'mlp',
      layers: [
        { weights: [[1]], bias: [0], activation: 'relu' },
        { weights: [[1]], bias: [0], activation: 'linear' },
      ],
    });
    const values = [0, -0, 5e-324, -5e-324, 1.7e308, -1.7e308, 3, -3];
    const got = await model.predict(m(values.map((v) => [v])));
    expect(Array.from(got)).toEqual([0, 0, 5e-324, 0, 1.7e308, 0, 3, 0]);
  });

  it('column variants of a ReLU network keep huge and infinite pre-activations exact', async () => {
    // one hidden ReLU layer and one output: the fused kernel, whose ReLU needs |z| < 2^1023
    const model = createSpecModel({
      type: 'mlp',
      layers: [
        { weights: [[1], [0.5]], bias: [0], activation: 'relu' },
        { weights: [[0.25]], bias: [1], activation: 'linear' },
      ],
    });
    const column0 = [
      1.7e308,
      1e308,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      2,
      -2,
      1,
      0,
    ];
    const x1 = m(column0.map((v) => [v, 1]));
    const replacement = Float64Array.from([3, 1e308, 2, -4, 1.5e308, 5, 0, -1]);
    const replaced1 = m(column0.map((v, r) => [v, replacement[r] as number]));
    const got = model.columnVariants?.(x1, [[1]])?.predict([[replacement]])[0];
    expect(Array.from(got ?? [])).toEqual(Array.from(await model.predict(replaced1)));
  });

  it('declines (undefined) when a replaced column of x is not finite, and rejects bad columns', async () => {
    const model = createSpecModel(specs.linear);
    const data = x.data.slice();
    data[3 * nIn + 2] = Number.NaN;
    data[5 * nIn + 4] = Number.POSITIVE_INFINITY;
    const xBad = { rows, cols: nIn, data };
    expect(model.columnVariants?.(xBad, [[2]])).toBeUndefined();
    expect(model.columnVariants?.(xBad, [[1], [4]])).toBeUndefined();
    // a non-finite value elsewhere reaches the predictions as predict lets it
    const values = [[Float64Array.from({ length: rows }, rnd)]];
    const kept = { rows, cols: nIn, data: data.map((v, i) => (i === 3 * nIn + 2 ? 0 : v)) };
    const want = await model.predict(replaced(kept, [1], values[0] as Float64Array[]));
    const got = model.columnVariants?.(kept, [[1]])?.predict(values)[0] ?? new Float64Array();
    expect(got[5]).toBe(want[5]); // the row with x[5][4] = ∞
    expect(Number.isFinite(want[5] as number)).toBe(false);
    for (let r = 0; r < rows; r++) {
      if (r !== 5) expect(Math.abs((got[r] as number) - (want[r] as number))).toBeLessThan(1e-14);
    }
    expect(() => model.columnVariants?.(x, [[1, 1]])).toThrow(InvalidInputError);
    expect(() => model.columnVariants?.(x, [[1], [0, 1]])).toThrow(/column 1 is repeated/);
    expect(() => model.columnVariants?.(x, [[nIn]])).toThrow(/not one of the model's 6 inputs/);
    const variants = model.columnVariants?.(x, [[0]]);
    expect(() => variants?.predict([[new Float64Array(rows + 1)]])).toThrow(InvalidInputError);
    expect(() => variants?.predict([[], []])).toThrow(InvalidInputError);
  });
});
