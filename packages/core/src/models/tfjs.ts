import type * as TF from '@tensorflow/tfjs';
import { InvalidInputError } from '../errors/index.js';
import type { Matrix } from '../linalg/index.js';
import { loadTensorFlow } from '../runtime/tensorflow.js';
import {
  defaultFeatures,
  type FeatureSpec,
  type Model,
  type ModelOutput,
  outputWidth,
} from './types.js';

/**
 * A TensorFlow.js model as files: the bytes (or text, or parsed JSON) of its `model.json` and the
 * bytes of every weight file its manifest lists, keyed by the path written in the manifest.
 * Reading them from a directory or an upload happens outside the core.
 */
export interface TfjsModelFiles {
  modelJson: Uint8Array | string | Record<string, unknown>;
  weights: Readonly<Record<string, Uint8Array>>;
}

/** Options of {@link loadTfjsModel}. */
export interface TfjsModelOptions {
  /** What the output means. @default regression with as many outputs as the output's width */
  output?: ModelOutput;
  featureNames?: readonly string[];
  /** Rows per `predict` batch. @default 8192 */
  batchSize?: number;
}

const DTYPE_BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}

function bad(message: string): never {
  throw new InvalidInputError(message, [{ path: ['model'], message }]);
}

/**
 * A weights-manifest path, normalised and confined to the model's folder: relative, no `..`,
 * no scheme, no backslash, no NUL. `./a/b.bin` → `a/b.bin`.
 */
export function safeWeightPath(path: unknown): string {
  if (typeof path !== 'string' || path.length === 0)
    bad('a weights manifest path is not a non-empty string');
  if (/[\\\0]/.test(path) || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/')) {
    bad(`weights manifest path '${path}' is not a relative path inside the model's folder`);
  }
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') bad(`weights manifest path '${path}' refers outside the model's folder`);
    parts.push(part);
  }
  if (parts.length === 0) bad(`weights manifest path '${path}' names no file`);
  return parts.join('/');
}

/**
 * The weight files a `model.json` refers to, as safe relative paths (each checked by
 * {@link safeWeightPath}): what a loader outside the core must read next to it.
 *
 * @throws InvalidInputError when model.json is malformed or a path leaves the model's folder.
 */
export function tfjsWeightPaths(modelJson: TfjsModelFiles['modelJson']): string[] {
  const manifest = parseModelJson(modelJson).weightsManifest;
  if (!Array.isArray(manifest)) bad('model.json has no weightsManifest array');
  return manifest.flatMap((group: { paths?: unknown }, g: number) => {
    if (!Array.isArray(group?.paths)) bad(`weightsManifest[${g}] needs a paths array`);
    return (group.paths as unknown[]).map(safeWeightPath);
  });
}

function parseModelJson(modelJson: TfjsModelFiles['modelJson']): Record<string, unknown> {
  if (typeof modelJson === 'object' && !(modelJson instanceof Uint8Array)) return modelJson;
  const text = typeof modelJson === 'string' ? modelJson : new TextDecoder().decode(modelJson);
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      bad('model.json is not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    return bad(`model.json is not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Checks the manifest and concatenates the weight files in manifest order, refusing paths that
 * leave the model's folder, missing files and files whose length differs from what the weight
 * specs need (a truncated upload).
 */
function assembleWeights(
  json: Record<string, unknown>,
  files: TfjsModelFiles['weights'],
): { specs: WeightSpec[]; data: ArrayBuffer } {
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest)) bad('model.json has no weightsManifest array');
  const normalised = new Map<string, Uint8Array>();
  for (const [key, bytes] of Object.entries(files)) normalised.set(safeWeightPath(key), bytes);
  const specs: WeightSpec[] = [];
  const chunks: Uint8Array[] = [];
  manifest.forEach((group: unknown, g: number) => {
    const { paths, weights } = (group ?? {}) as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(paths) || !Array.isArray(weights))
      bad(`weightsManifest[${g}] needs paths and weights arrays`);
    let expected = 0;
    for (const w of weights as WeightSpec[]) {
      if (typeof w?.name !== 'string' || !Array.isArray(w.shape) || typeof w.dtype !== 'string') {
        bad(`weightsManifest[${g}] has a weight without name, shape and dtype`);
      }
      const bytes = DTYPE_BYTES[w.quantization?.dtype ?? w.dtype];
      if (bytes === undefined)
        bad(`weight '${w.name}' has unsupported dtype '${w.quantization?.dtype ?? w.dtype}'`);
      let size = 1;
      for (const d of w.shape) {
        if (!Number.isInteger(d) || d < 0)
          bad(`weight '${w.name}' has an invalid shape ${JSON.stringify(w.shape)}`);
        size *= d;
      }
      expected += size * bytes;
      specs.push(w);
    }
    let actual = 0;
    for (const p of paths) {
      const path = safeWeightPath(p);
      const bytes = normalised.get(path);
      if (bytes === undefined) bad(`weights file '${path}' listed in the manifest is missing`);
      actual += bytes.length;
      chunks.push(bytes);
    }
    if (actual !== expected) {
      bad(
        `weightsManifest[${g}] needs ${expected} bytes of weights but its files hold ${actual} (truncated or wrong files?)`,
      );
    }
  });
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const data = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    data.set(c, off);
    off += c.length;
  }
  return { specs, data: data.buffer };
}

/**
 * Loads a TensorFlow.js LayersModel or GraphModel from its files' bytes (no file system, no
 * network: an in-memory IO handler, `tf.io.fromMemory`), on the runtime `loadTensorFlow()` picks
 * (tfjs-node when installed, else the pure-JS cpu backend). Prediction runs in float32, in
 * batches, inside `tidy`.
 *
 * @throws InvalidInputError when model.json is malformed, a manifest path leaves the model's
 * folder (`../../etc/passwd`), a weight file is missing or truncated, the topology does not load,
 * or the input is not `[batch, features]`.
 */
export async function loadTfjsModel(
  files: TfjsModelFiles,
  options: TfjsModelOptions = {},
): Promise<Model> {
  const { tf } = await loadTensorFlow();
  const json = parseModelJson(files.modelJson);
  const topology = json.modelTopology as Record<string, unknown> | undefined;
  if (topology === undefined || typeof topology !== 'object')
    bad('model.json has no modelTopology');
  const { specs, data } = assembleWeights(json, files.weights);
  const isGraph =
    json.format === 'graph-model' || Array.isArray((topology as { node?: unknown }).node);
  const artifacts: TF.io.ModelArtifacts = {
    modelTopology: topology as TF.io.ModelArtifacts['modelTopology'],
    weightSpecs: specs as TF.io.WeightsManifestEntry[],
    weightData: data,
    format: json.format as string | undefined,
    generatedBy: json.generatedBy as string | undefined,
    convertedBy: json.convertedBy as string | null | undefined,
  };
  if (json.signature !== undefined)
    artifacts.signature = json.signature as TF.io.ModelArtifacts['signature'];
  if (json.userDefinedMetadata !== undefined) {
    artifacts.userDefinedMetadata =
      json.userDefinedMetadata as TF.io.ModelArtifacts['userDefinedMetadata'];
  }
  let net: TF.LayersModel | TF.GraphModel;
  try {
    const handler = tf.io.fromMemory(artifacts);
    net = isGraph ? await tf.loadGraphModel(handler) : await tf.loadLayersModel(handler);
  } catch (error) {
    return bad(
      `the TensorFlow.js ${isGraph ? 'graph' : 'layers'} model does not load: ${(error as Error).message}`,
    );
  }
  const inputShape = net.inputs[0]?.shape;
  const outputShape = net.outputs[0]?.shape;
  if (net.inputs.length !== 1 || inputShape === undefined || inputShape.length !== 2) {
    bad(
      `the model must take one [batch, features] input; it takes ${JSON.stringify(net.inputs.map((i) => i.shape))}`,
    );
  }
  const nFeatures = inputShape[1];
  if (typeof nFeatures !== 'number' || nFeatures < 1)
    bad('the model input has no fixed number of features');
  const outWidth = typeof outputShape?.[1] === 'number' ? outputShape[1] : 1;
  const output = options.output ?? { kind: 'regression', nOutputs: outWidth };
  const width = outputWidth(output);
  const features: FeatureSpec[] =
    options.featureNames === undefined
      ? defaultFeatures(nFeatures)
      : options.featureNames.map((name) => ({ name, type: 'numeric' }));
  if (features.length !== nFeatures)
    bad(`featureNames has ${features.length} names but the model has ${nFeatures} inputs`);
  const batchSize = options.batchSize ?? 8192;

  return {
    kind: isGraph ? 'tfjs:graph' : 'tfjs:layers',
    inputSchema: { features },
    output,
    async predict(x: Matrix) {
      if (x.cols !== nFeatures) {
        throw new InvalidInputError(
          `the model expects ${nFeatures} features but the data has ${x.cols}`,
        );
      }
      const out = new Float64Array(x.rows * width);
      for (let r0 = 0; r0 < x.rows; r0 += batchSize) {
        const rows = Math.min(batchSize, x.rows - r0);
        const y = tf.tidy(() => {
          const slice = Float32Array.from(x.data.subarray(r0 * nFeatures, (r0 + rows) * nFeatures));
          const input = tf.tensor2d(slice, [rows, nFeatures], 'float32');
          const pred = net.predict(input) as TF.Tensor | TF.Tensor[];
          return Array.isArray(pred) ? (pred[0] as TF.Tensor) : pred;
        });
        try {
          const values = await y.data();
          if (values.length !== rows * width) {
            throw new Error(
              `the model returned ${values.length} values for ${rows} rows × ${width} outputs`,
            );
          }
          out.set(values as Float32Array, r0 * width);
        } finally {
          y.dispose();
        }
      }
      return out;
    },
    dispose: () => {
      net.dispose();
    },
  };
}
