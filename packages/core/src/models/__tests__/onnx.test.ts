import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { shapValues } from '../../explain/shap/shap.js';
import { loadOnnxModel } from '../onnx.js';
import { createSpecModel } from '../specModel.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures');
/** Expected outputs from scikit-learn / numpy (test/fixtures/make_onnx_fixtures.py). */
const ref = JSON.parse(readFileSync(join(fixtures, 'onnx-fixtures.json'), 'utf8')) as {
  linear: { file: string; X: number[][]; expected: number[] };
  mlp: {
    file: string;
    X: number[][];
    expected: number[];
    layers: { weights: number[][]; bias: number[]; activation: 'relu' | 'sigmoid' }[];
  };
  logistic: { file: string; X: number[][]; expected: number[]; sklearnProba: number[] };
};
const matrix = (rows: number[][]) => ({
  rows: rows.length,
  cols: (rows[0] as number[]).length,
  data: Float64Array.from(rows.flat()),
});

describe('loadOnnxModel(bytes) through onnxruntime-node', () => {
  it('a scikit-learn LinearRegression exported as ai.onnx.ml LinearRegressor predicts as sklearn (float32)', async () => {
    const model = await loadOnnxModel(readFileSync(join(fixtures, ref.linear.file)));
    expect(model.inputSchema.features).toHaveLength(4);
    const got = await model.predict(matrix(ref.linear.X));
    ref.linear.expected.forEach((e, i) => {
      expect(Math.abs((got[i] as number) - e)).toBeLessThan(1e-5 * Math.max(1, Math.abs(e)));
    });
    await model.dispose?.();
  });

  it('a binary skl2onnx-style classifier declared as one reads P(class 1) from its probabilities output', async () => {
    const bytes = readFileSync(join(fixtures, ref.logistic.file));
    const model = await loadOnnxModel(bytes, {
      output: { kind: 'probability', classes: [0, 1] },
      featureNames: ['a', 'b', 'c'],
    });
    const got = await model.predict(matrix(ref.logistic.X));
    expect(got).toHaveLength(ref.logistic.X.length);
    ref.logistic.expected.forEach((e, i) => {
      expect(Math.abs((got[i] as number) - e)).toBeLessThan(1e-6); // float32 inside the graph
      expect(Math.abs((got[i] as number) - (ref.logistic.sklearnProba[i] as number))).toBeLessThan(
        1e-6,
      );
    });
    // undeclared, the first output (the int64 labels) is read as a regression
    const asLabels = await loadOnnxModel(bytes);
    const labels = await asLabels.predict(matrix(ref.logistic.X));
    expect([...labels].every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('an MLP graph predicts as numpy, in one run or in batches', async () => {
    const model = await loadOnnxModel(readFileSync(join(fixtures, ref.mlp.file)), { batchRows: 2 });
    const got = await model.predict(matrix(ref.mlp.X));
    ref.mlp.expected.forEach((e, i) => {
      expect(Math.abs((got[i] as number) - e)).toBeLessThan(1e-6);
    });
  });

  it('SHAP of the ONNX MLP equals SHAP of the same weights as a JSON spec (to float32 precision)', async () => {
    const onnx = await loadOnnxModel(readFileSync(join(fixtures, ref.mlp.file)));
    const spec = createSpecModel({ type: 'mlp', layers: ref.mlp.layers });
    const bg = ref.mlp.X.slice(0, 4);
    const inst = ref.mlp.X.slice(4);
    const a = await shapValues(onnx, bg, inst, { method: 'exact' });
    const b = await shapValues(spec, bg, inst, { method: 'exact' });
    (a.values as number[][])[0]?.forEach((v, j) => {
      expect(Math.abs(v - ((b.values as number[][])[0]?.[j] as number))).toBeLessThan(1e-6);
    });
  });

  it('refuses bytes that are not an ONNX model, and unknown input names', async () => {
    await expect(loadOnnxModel(new Uint8Array([1, 2, 3, 4]))).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    const bytes = readFileSync(join(fixtures, ref.mlp.file));
    await expect(loadOnnxModel(bytes.subarray(0, bytes.length - 40))).rejects.toThrow(
      /not a loadable ONNX model/,
    );
    await expect(loadOnnxModel(bytes, { inputName: 'nope' })).rejects.toThrow(
      /has no input 'nope'/,
    );
  });
});
