import { describe, expect, it } from 'vitest';
import { loadTensorFlow } from '../../../runtime/tensorflow.js';
import { reviveLearner } from '../index.js';
import { withTrainingBackend } from '../mlp/trainingBackend.js';
import { mlp } from '../mlp.js';
import { accuracy, loadNumericDataset, r2, splitEvery } from './support/numericDataset.js';

const iris = loadNumericDataset('iris.csv');
const breastCancer = loadNumericDataset('breast_cancer.csv');
const diabetes = loadNumericDataset('diabetes.csv');

describe('mlp (TensorFlow.js)', () => {
  it('mlp.fit(iris), one hidden layer of 32: held-out accuracy ≥ 0.9, probabilities summing to 1', async () => {
    const { train, test } = splitEvery(iris, 4);
    const model = await mlp.fit(
      train,
      { hidden_layers: '32', max_epochs: 150, learning_rate: 0.01, batch_size: 32 },
      { seed: 1 },
    );
    const proba = model.predict(test.x, test.rows);
    for (let i = 0; i < test.rows; i++)
      expect(
        Math.abs(
          (proba[3 * i] as number) +
            (proba[3 * i + 1] as number) +
            (proba[3 * i + 2] as number) -
            1,
        ),
      ).toBeLessThan(1e-12);
    expect(accuracy(proba, test.y, 3)).toBeGreaterThanOrEqual(0.9);
  }, 60_000);

  it('mlp.fit(breast_cancer), two hidden layers, early stopping on options.validation: accuracy ≥ 0.93', async () => {
    const { train, test } = splitEvery(breastCancer, 4);
    const model = await mlp.fit(
      train,
      { hidden_layers: '64-32', max_epochs: 200, learning_rate: 0.003 },
      { seed: 2, validation: test },
    );
    expect(accuracy(model.predict(test.x, test.rows), test.y, 2)).toBeGreaterThanOrEqual(0.93);
  }, 60_000);

  it('mlp.fit(diabetes) regression: held-out R² > 0.3', async () => {
    const { train, test } = splitEvery(diabetes, 4);
    const model = await mlp.fit(
      train,
      { hidden_layers: '32', max_epochs: 200, learning_rate: 0.01, alpha: 0.01 },
      { seed: 3 },
    );
    expect(r2(model.predict(test.x, test.rows), test.y)).toBeGreaterThan(0.3);
  }, 60_000);

  it('mlp.fit is seeded (same weights for the same seed) and reviveLearner predicts the same bits', async () => {
    const hp = { hidden_layers: '64-32', max_epochs: 8, batch_size: 32 };
    const a = await mlp.fit(iris, hp, { seed: 7 });
    const b = await mlp.fit(iris, hp, { seed: 7 });
    const c = await mlp.fit(iris, hp, { seed: 8 });
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
    expect(JSON.stringify(a.toJSON())).not.toBe(JSON.stringify(c.toJSON()));
    const revived = reviveLearner(JSON.parse(JSON.stringify(a.toJSON())));
    const p = a.predict(iris.x, iris.rows);
    const q = revived.predict(iris.x, iris.rows);
    for (let i = 0; i < p.length; i++) expect(Object.is(p[i], q[i])).toBe(true);
    expect(revived.shapValues).toBeUndefined();
  }, 60_000);

  it('trains on the WebAssembly backend and gives the process its previous backend back', async () => {
    const { tf } = await loadTensorFlow();
    const before = tf.getBackend();
    const during = await withTrainingBackend(async (_tf, backend) => backend);
    expect(during).toBe('wasm');
    expect(tf.getBackend()).toBe(before);
  });

  it('mlp.fit leaves no tensor behind (the network and the optimizer are disposed)', async () => {
    const { tf } = await loadTensorFlow();
    await mlp.fit(iris, { max_epochs: 5 }, { seed: 1 });
    const before = tf.memory().numTensors;
    await mlp.fit(iris, { hidden_layers: '64-32', max_epochs: 5 }, { seed: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('mlp.fit throws the signal’s reason and rejects an unknown shape', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    controller.abort(reason);
    await expect(mlp.fit(iris, {}, { seed: 1, signal: controller.signal })).rejects.toBe(reason);
    await expect(mlp.fit(iris, { hidden_layers: '7' }, { seed: 1 })).rejects.toThrow(
      /hidden_layers is "7"; expected one of/,
    );
  });

  it('reviveLearner rejects an mlp whose layers do not chain', () => {
    const json = {
      family: 'mlp',
      version: 1,
      task: 'regression',
      nClasses: 0,
      cols: 2,
      hyperparameters: {},
      state: {
        mean: [0, 0],
        scale: [1, 1],
        yMean: 0,
        yScale: 1,
        layers: [{ inputs: 3, units: 1, kernel: [1, 2, 3], bias: [0] }],
      },
    };
    expect(() => reviveLearner(json)).toThrow(/layer takes 3 inputs; expected 2/);
  });
});

describe('mlp deadline', () => {
  it('mlp.fit with a past deadline trains one epoch and returns a working model', async () => {
    const model = await mlp.fit(
      iris,
      { max_epochs: 500, batch_size: 32 },
      { seed: 1, deadline: Date.now() - 1 },
    );
    const proba = model.predict(iris.x, iris.rows);
    expect(proba.length).toBe(iris.rows * 3);
    expect(proba.every(Number.isFinite)).toBe(true);
  });
});
