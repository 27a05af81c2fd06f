import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TF from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { loadTensorFlow } from '../../runtime/tensorflow.js';
import { loadModelArtifact, TFJS_BUNDLE_FORMAT } from '../loadModelArtifact.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures');
/** Expected outputs from scikit-learn 1.2.1 (test/fixtures/make_onnx_fixtures.py). */
const onnxRef = JSON.parse(readFileSync(join(fixtures, 'onnx-fixtures.json'), 'utf8')) as {
  linear: { file: string; X: number[][]; expected: number[] };
};
const utf8 = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const matrix = (rows: number[][]) => ({
  rows: rows.length,
  cols: (rows[0] as number[]).length,
  data: Float64Array.from(rows.flat()),
});
async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return (error as Error).message;
}

describe("loadModelArtifact('json', bytes)", () => {
  it('loads a logistic spec: P(classes[1]) = σ(x·coef + b) and its classes', async () => {
    const model = await loadModelArtifact(
      'json',
      utf8({ type: 'logistic', coef: [2, -1], intercept: 0.5, classes: ['no', 'yes'] }),
    );
    expect(model.kind).toBe('spec:logistic');
    expect(model.output).toEqual({ kind: 'probability', classes: ['no', 'yes'] });
    const p = await model.predict(matrix([[1, 1]]));
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 15);
  });

  it('refuses truncated JSON, an invalid spec and empty bytes, saying what is wrong', async () => {
    const spec = JSON.stringify({ type: 'linear', coef: [1, 2] });
    expect(await rejection(loadModelArtifact('json', utf8(spec.slice(0, 20))))).toMatch(
      /^the json model spec is not valid JSON \(.*\); truncated\?$/,
    );
    expect(await rejection(loadModelArtifact('json', utf8({ type: 'tree' })))).toMatch(
      /^invalid model spec: model\.type/,
    );
    expect(await rejection(loadModelArtifact('json', new Uint8Array()))).toBe(
      'the json model artifact is empty (0 bytes)',
    );
    expect(await rejection(loadModelArtifact('json', Uint8Array.of(0xff, 0xfe)))).toBe(
      'the json model spec is not UTF-8 text',
    );
  });

  it('refuses an unknown format and options for formats other than onnx', async () => {
    expect(
      await rejection(loadModelArtifact('pickle' as 'json', utf8({ type: 'linear', coef: [1] }))),
    ).toBe(
      'model artifact format "pickle" is not supported; expected tfjs, onnx, json, remote or automl',
    );
    expect(await rejection(loadModelArtifact('automl', utf8({ format: 'assay-automl' })))).toMatch(
      /^invalid assay-automl artifact: version: /,
    );
    expect(
      await rejection(loadModelArtifact('json', utf8({ type: 'linear', coef: [1] }), {})),
    ).toBe('options apply to onnx artifacts only; a json artifact carries its own settings');
  });
});

describe("loadModelArtifact('onnx', bytes, options) on test/fixtures/linear.onnx", () => {
  const bytes = readFileSync(join(fixtures, onnxRef.linear.file));

  it('predicts what scikit-learn predicts (float32 precision), with options passed through', async () => {
    const model = await loadModelArtifact('onnx', bytes, { featureNames: ['a', 'b', 'c', 'd'] });
    expect(model.kind).toBe('onnx');
    expect(model.inputSchema.features.map((f) => f.name)).toEqual(['a', 'b', 'c', 'd']);
    const got = await model.predict(matrix(onnxRef.linear.X));
    onnxRef.linear.expected.forEach((e, i) => {
      expect(Math.abs((got[i] as number) - e)).toBeLessThan(1e-5 * Math.max(1, Math.abs(e)));
    });
    await model.dispose?.();
  });

  it('refuses truncated bytes, a malformed output and unknown option keys', async () => {
    expect(
      await rejection(loadModelArtifact('onnx', bytes.subarray(0, bytes.length >> 1))),
    ).toMatch(/^not a loadable ONNX model: /);
    expect(
      await rejection(
        loadModelArtifact('onnx', bytes, {
          output: { kind: 'probability', classes: [0] as unknown as [0, 1] },
        }),
      ),
    ).toMatch(/^invalid onnx options: output\.classes/);
    expect(
      await rejection(
        loadModelArtifact('onnx', bytes, {
          output: { kind: 'probabilities', classes: ['a', 'a', 'b'] },
        }),
      ),
    ).toBe('output.classes ["a","a","b"] repeats a class');
    expect(
      await rejection(
        loadModelArtifact('onnx', bytes, { inputNames: 'x' } as unknown as { inputName: string }),
      ),
    ).toMatch(/^invalid onnx options: \(root\): Unrecognized key: "inputNames"/);
  });
});

describe("loadModelArtifact('tfjs', bytes): one assay-tfjs-bundle JSON file", () => {
  let tf: typeof TF;
  let reference: TF.LayersModel;
  let bundle: {
    format: string;
    modelJson: Record<string, unknown>;
    weights: Record<string, string>;
    output?: unknown;
  };
  const X = [
    [0.5, -1.2, 3.3],
    [-0.7, 0.2, -1.1],
    [1.9, 1.1, 0.0],
  ];

  beforeAll(async () => {
    tf = (await loadTensorFlow()).tf;
    reference = tf.sequential({
      layers: [
        tf.layers.dense({
          inputShape: [3],
          units: 5,
          activation: 'tanh',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
        }),
        tf.layers.dense({
          units: 1,
          activation: 'sigmoid',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }),
        }),
      ],
    });
    let saved: TF.io.ModelArtifacts | undefined;
    await reference.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (saved === undefined) throw new Error('not saved');
    // model.json as model.save('file://…') writes it, and its one shard in base64
    bundle = {
      format: TFJS_BUNDLE_FORMAT,
      modelJson: {
        modelTopology: saved.modelTopology,
        format: saved.format,
        generatedBy: saved.generatedBy,
        convertedBy: saved.convertedBy,
        weightsManifest: [{ paths: ['./group1-shard1of1.bin'], weights: saved.weightSpecs }],
      },
      weights: {
        'group1-shard1of1.bin': Buffer.from(saved.weightData as ArrayBuffer).toString('base64'),
      },
      output: { kind: 'probability', classes: [0, 1] },
    };
  });

  it('predicts exactly what the saved TF.js model predicts', async () => {
    const model = await loadModelArtifact('tfjs', utf8(bundle));
    expect(model.kind).toBe('tfjs:layers');
    expect(model.output).toEqual({ kind: 'probability', classes: [0, 1] });
    const got = await model.predict(matrix(X));
    const want = (reference.predict(tf.tensor2d(X)) as TF.Tensor).dataSync();
    expect(Array.from(got)).toEqual(Array.from(want));
    await model.dispose?.();
  });

  it('refuses a truncated bundle, a truncated or altered shard, and paths outside the manifest', async () => {
    const text = JSON.stringify(bundle);
    expect(
      await rejection(loadModelArtifact('tfjs', utf8(text.slice(0, text.length - 40)))),
    ).toMatch(/^the tfjs bundle is not valid JSON/);
    const shard = bundle.weights['group1-shard1of1.bin'] as string;
    const short = Buffer.from(shard, 'base64').subarray(0, 16).toString('base64');
    expect(
      await rejection(
        loadModelArtifact('tfjs', utf8({ ...bundle, weights: { 'group1-shard1of1.bin': short } })),
      ),
    ).toMatch(/^weightsManifest\[0\] needs \d+ bytes of weights but its files hold 16/);
    expect(
      await rejection(
        loadModelArtifact(
          'tfjs',
          utf8({ ...bundle, weights: { 'group1-shard1of1.bin': `${shard.slice(1)}` } }),
        ),
      ),
    ).toBe(
      "weights['group1-shard1of1.bin'] is not padded standard base64 (RFC 4648); truncated or altered?",
    );
    expect(
      await rejection(
        loadModelArtifact('tfjs', utf8({ ...bundle, weights: { ...bundle.weights, 'x.bin': '' } })),
      ),
    ).toBe(
      "weights has 'x.bin', which the weightsManifest does not list (it lists group1-shard1of1.bin)",
    );
    expect(
      await rejection(
        loadModelArtifact('tfjs', utf8({ ...bundle, weights: { '../../etc/passwd': '' } })),
      ),
    ).toBe("weights manifest path '../../etc/passwd' refers outside the model's folder");
    expect(await rejection(loadModelArtifact('tfjs', utf8({ ...bundle, format: 'zip' })))).toMatch(
      /^a tfjs artifact is one JSON file/,
    );
    expect(
      await rejection(loadModelArtifact('tfjs', utf8({ ...bundle, output: { kind: 'labels' } }))),
    ).toMatch(/^invalid tfjs bundle: output\.kind/);
  });
});

describe("loadModelArtifact('remote', bytes): a kserve-v2 descriptor", () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // y = x0 + 10·x1 for model "sum" version "2"
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => {
        raw += chunk;
      });
      req.on('end', () => {
        if (req.url !== '/v2/models/sum/versions/2/infer') {
          res.writeHead(404).end('{}');
          return;
        }
        const input = JSON.parse(raw).inputs[0] as { shape: [number, number]; data: number[] };
        const data = Array.from(
          { length: input.shape[0] },
          (_, i) => (input.data[2 * i] as number) + 10 * (input.data[2 * i + 1] as number),
        );
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            outputs: [{ name: 'y', shape: [data.length, 1], datatype: 'FP64', data }],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('creates a KServe-v2 model that predicts through the server', async () => {
    const model = await loadModelArtifact(
      'remote',
      utf8({
        url,
        protocol: 'kserve-v2',
        modelName: 'sum',
        modelVersion: '2',
        featureNames: ['a', 'b'],
      }),
    );
    expect(model.kind).toBe('remote:kserve-v2');
    expect(
      Array.from(
        await model.predict(
          matrix([
            [1, 2],
            [3, 4],
          ]),
        ),
      ),
    ).toEqual([21, 43]);
  });

  it('refuses another protocol, a missing modelName, credentials in the descriptor and a bad url', async () => {
    expect(
      await rejection(
        loadModelArtifact('remote', utf8({ url, protocol: 'grpc', modelName: 'm', nFeatures: 1 })),
      ),
    ).toMatch(/^invalid remote model descriptor: protocol: /);
    expect(
      await rejection(
        loadModelArtifact('remote', utf8({ url, protocol: 'kserve-v2', nFeatures: 1 })),
      ),
    ).toMatch(/^invalid remote model descriptor: modelName: /);
    expect(
      await rejection(
        loadModelArtifact(
          'remote',
          utf8({ url, protocol: 'kserve-v2', modelName: 'm', nFeatures: 1, headers: { a: 'b' } }),
        ),
      ),
    ).toMatch(/Unrecognized key: "headers"/);
    expect(
      await rejection(
        loadModelArtifact(
          'remote',
          utf8({ url: 'nope', protocol: 'kserve-v2', modelName: 'm', nFeatures: 1 }),
        ),
      ),
    ).toBe("remote model url 'nope' is not a URL");
  });
});
