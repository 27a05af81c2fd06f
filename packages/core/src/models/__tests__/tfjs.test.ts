import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { explain } from '../../explain/explain.js';
import { loadTensorFlow } from '../../runtime/tensorflow.js';
import { loadTfjsModel, safeWeightPath, type TfjsModelFiles, tfjsWeightPaths } from '../tfjs.js';

let tf: typeof TF;
let files: TfjsModelFiles;
let reference: TF.LayersModel;
const X = [
  [0.5, -1.2, 3.3, 0.1],
  [-0.7, 0.2, -1.1, 2.5],
  [1.9, 1.1, 0.0, -0.4],
];

/** Saves a model the way `model.save('file://…')` lays it out: model.json + one weights shard. */
async function saveToFiles(model: TF.LayersModel): Promise<TfjsModelFiles> {
  let saved: TF.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (saved === undefined) throw new Error('not saved');
  const modelJson = {
    modelTopology: saved.modelTopology,
    format: saved.format,
    generatedBy: saved.generatedBy,
    convertedBy: saved.convertedBy,
    weightsManifest: [{ paths: ['./group1-shard1of1.bin'], weights: saved.weightSpecs }],
  };
  return {
    modelJson: new TextEncoder().encode(JSON.stringify(modelJson)),
    weights: { 'group1-shard1of1.bin': new Uint8Array(saved.weightData as ArrayBuffer) },
  };
}

beforeAll(async () => {
  tf = (await loadTensorFlow()).tf;
  reference = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [4],
        units: 8,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({
        units: 1,
        activation: 'sigmoid',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  files = await saveToFiles(reference);
});

describe('loadTfjsModel(files) for a LayersModel saved with tf.io.withSaveHandler', () => {
  it('predicts exactly what the saved model predicts', async () => {
    const model = await loadTfjsModel(files, { output: { kind: 'probability', classes: [0, 1] } });
    expect(model.kind).toBe('tfjs:layers');
    expect(model.inputSchema.features).toHaveLength(4);
    const got = await model.predict({ rows: 3, cols: 4, data: Float64Array.from(X.flat()) });
    const want = (reference.predict(tf.tensor2d(X)) as TF.Tensor).dataSync();
    expect(Array.from(got)).toEqual(Array.from(want));
  });

  it('is explainable: exact SHAP on the loaded model is additive', async () => {
    const model = await loadTfjsModel(files);
    const r = await explain(
      'shap',
      { model, background: X, instances: [X[0]] },
      { method: 'exact' },
    );
    expect(r.additivity?.maxAbsResidual).toBeLessThan(1e-6);
  });

  it('refuses a manifest path that leaves the model folder', async () => {
    const json = JSON.parse(new TextDecoder().decode(files.modelJson as Uint8Array));
    json.weightsManifest[0].paths = ['../../etc/passwd'];
    await expect(loadTfjsModel({ modelJson: json, weights: files.weights })).rejects.toThrow(
      /refers outside the model's folder/,
    );
    for (const p of [
      '/etc/passwd',
      'file:///etc/passwd',
      'a\\..\\b',
      'a/../../b',
      'http://x/y.bin',
    ]) {
      expect(() => safeWeightPath(p)).toThrow(InvalidInputError);
    }
    expect(safeWeightPath('./shards/a.bin')).toBe('shards/a.bin');
    expect(tfjsWeightPaths(files.modelJson)).toEqual(['group1-shard1of1.bin']);
    expect(() => tfjsWeightPaths(json)).toThrow(InvalidInputError);
  });

  it('refuses truncated weights, missing files and malformed model.json', async () => {
    const bytes = files.weights['group1-shard1of1.bin'] as Uint8Array;
    await expect(
      loadTfjsModel({
        modelJson: files.modelJson,
        weights: { 'group1-shard1of1.bin': bytes.subarray(0, bytes.length - 4) },
      }),
    ).rejects.toThrow(/truncated/);
    await expect(loadTfjsModel({ modelJson: files.modelJson, weights: {} })).rejects.toThrow(
      /is missing/,
    );
    await expect(loadTfjsModel({ modelJson: '{"modelTopology": ', weights: {} })).rejects.toThrow(
      /not valid JSON/,
    );
    await expect(
      loadTfjsModel({ modelJson: { weightsManifest: [] }, weights: {} }),
    ).rejects.toThrow(/no modelTopology/);
  });
});

describe('loadTfjsModel(files) for a GraphModel', () => {
  it('runs a converter-format graph (Placeholder → MatMul → BiasAdd → Sigmoid) as written by tfjs-converter', async () => {
    const w = new Float32Array([0.5, -1, 2, 0.25]);
    const b = new Float32Array([0.1]);
    const dim = (n: number) => ({ size: String(n) });
    const modelJson = {
      format: 'graph-model',
      generatedBy: '2.15.0',
      convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: {
        node: [
          {
            name: 'x',
            op: 'Placeholder',
            attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [dim(-1), dim(4)] } } },
          },
          {
            name: 'w',
            op: 'Const',
            attr: {
              dtype: { type: 'DT_FLOAT' },
              value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [dim(4), dim(1)] } } },
            },
          },
          {
            name: 'b',
            op: 'Const',
            attr: {
              dtype: { type: 'DT_FLOAT' },
              value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [dim(1)] } } },
            },
          },
          {
            name: 'mm',
            op: 'MatMul',
            input: ['x', 'w'],
            attr: { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } },
          },
          {
            name: 'z',
            op: 'BiasAdd',
            input: ['mm', 'b'],
            attr: { T: { type: 'DT_FLOAT' }, data_format: { s: 'TkhXQw==' } },
          },
          { name: 'y', op: 'Sigmoid', input: ['z'], attr: { T: { type: 'DT_FLOAT' } } },
        ],
        library: {},
        versions: { producer: 1766 },
      },
      weightsManifest: [
        {
          paths: ['group1-shard1of1.bin'],
          weights: [
            { name: 'w', shape: [4, 1], dtype: 'float32' },
            { name: 'b', shape: [1], dtype: 'float32' },
          ],
        },
      ],
    };
    const shard = new Uint8Array(20);
    shard.set(new Uint8Array(w.buffer), 0);
    shard.set(new Uint8Array(b.buffer), 16);
    const model = await loadTfjsModel({ modelJson, weights: { 'group1-shard1of1.bin': shard } });
    expect(model.kind).toBe('tfjs:graph');
    const got = await model.predict({ rows: 3, cols: 4, data: Float64Array.from(X.flat()) });
    X.forEach((row, i) => {
      const z = row.reduce((s, v, j) => s + Math.fround(v) * (w[j] as number), b[0] as number);
      expect(got[i]).toBeCloseTo(1 / (1 + Math.exp(-z)), 6);
    });
  });
});
