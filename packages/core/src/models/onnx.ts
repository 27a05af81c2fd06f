import { InvalidInputError } from '../errors/index.js';
import type { Matrix } from '../linalg/index.js';
import { assertNoOnnxExternalData } from './onnxExternalData.js';
import {
  defaultFeatures,
  type FeatureSpec,
  type Model,
  type ModelOutput,
  outputWidth,
} from './types.js';

type Ort = typeof import('onnxruntime-node');

/** Options of {@link loadOnnxModel}. */
export interface OnnxModelOptions {
  /** The graph input fed with the feature matrix. @default the first input */
  inputName?: string;
  /**
   * The graph output read as the prediction. @default `probabilities` when `output` declares a
   * classifier and the graph has that output (skl2onnx's name), else the first output
   */
  outputName?: string;
  /** What the output means. @default regression with as many outputs as the output's last dimension */
  output?: ModelOutput;
  /** Feature names (their count must match the input's width). @default x0 … */
  featureNames?: readonly string[];
  /** Width of the input when the graph leaves it symbolic. */
  nFeatures?: number;
  /** Rows per `session.run`. @default 65536 */
  batchRows?: number;
}

let ortLoading: Promise<Ort> | undefined;
/** onnxruntime-node, loaded on first use so that the core does not load a native addon unless asked. */
function loadOrt(): Promise<Ort> {
  ortLoading ??= import('onnxruntime-node');
  return ortLoading;
}

/**
 * Where onnxruntime would look for external tensor data: a path that cannot exist (`/dev/null`
 * is a device, so nothing is below it), so that a model given as bytes cannot read a file
 * relative to the working directory even if {@link assertNoOnnxExternalData} missed one.
 */
const NO_EXTERNAL_DATA_DIR = '/dev/null/assay-onnx-external-data-is-not-allowed';

/**
 * The session options every model is loaded with: the bytes are ONNX (never the ORT flatbuffer
 * format, which the walk does not read), and external data resolves below a path that does not
 * exist. Config keys: onnxruntime's `onnxruntime_session_options_config_keys.h`.
 */
const SESSION_OPTIONS = {
  extra: {
    session: {
      load_model_format: 'ONNX',
      model_external_initializers_file_folder_path: NO_EXTERNAL_DATA_DIR,
    },
  },
};

/**
 * Loads an ONNX model from its bytes with onnxruntime-node (CPU): the format scikit-learn
 * (skl2onnx), PyTorch (`torch.onnx.export`) and XGBoost models are exported to. The input must be
 * a `rows × features` tensor of float32 or float64; the chosen output must have one value per row
 * per output column (skl2onnx classifiers: export with `zipmap=False`; with `output` declaring the
 * classes, the `probabilities` output is read, and a binary one's N × 2 columns give P(classes[1])).
 *
 * The model must hold all its tensors: one whose tensors point at external data (files next to
 * the model) is refused before onnxruntime sees it ({@link assertNoOnnxExternalData}), and the
 * session is told to look for external data below a path that does not exist, so a model never
 * reads a file of the process that loads it.
 *
 * @throws InvalidInputError when the bytes are not a loadable ONNX model, have external data,
 * name a missing input or output, or the input is not 2-D numeric.
 */
export async function loadOnnxModel(
  bytes: Uint8Array,
  options: OnnxModelOptions = {},
): Promise<Model> {
  assertNoOnnxExternalData(bytes);
  const ort = await loadOrt();
  let session: Awaited<ReturnType<Ort['InferenceSession']['create']>>;
  try {
    session = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
  } catch (error) {
    throw new InvalidInputError(`not a loadable ONNX model: ${(error as Error).message}`);
  }
  const inputName = options.inputName ?? session.inputNames[0];
  // A classifier exported by skl2onnx (zipmap=False) answers `label` first and `probabilities`
  // second: a model declared as a classifier reads the probabilities unless told otherwise.
  const classifier = options.output !== undefined && options.output.kind !== 'regression';
  const outputName =
    options.outputName ??
    (classifier && session.outputNames.includes('probabilities')
      ? 'probabilities'
      : session.outputNames[0]);
  if (inputName === undefined || !session.inputNames.includes(inputName)) {
    throw new InvalidInputError(
      `ONNX model has no input '${String(inputName)}'; inputs: ${session.inputNames.join(', ')}`,
    );
  }
  if (outputName === undefined || !session.outputNames.includes(outputName)) {
    throw new InvalidInputError(
      `ONNX model has no output '${String(outputName)}'; outputs: ${session.outputNames.join(', ')}`,
    );
  }
  const meta = session.inputMetadata.find((m) => m.name === inputName);
  const outMeta = session.outputMetadata.find((m) => m.name === outputName);
  if (meta === undefined || !meta.isTensor || !['float32', 'float64'].includes(meta.type)) {
    throw new InvalidInputError(`ONNX input '${inputName}' must be a float32 or float64 tensor`);
  }
  const dtype = meta.type as 'float32' | 'float64';
  if (meta.shape.length !== 2) {
    throw new InvalidInputError(
      `ONNX input '${inputName}' has ${meta.shape.length} dimensions; expected rows × features`,
    );
  }
  const declared = meta.shape[1];
  const nFeatures = typeof declared === 'number' && declared > 0 ? declared : options.nFeatures;
  if (nFeatures === undefined) {
    throw new InvalidInputError(`ONNX input '${inputName}' has a symbolic width; pass nFeatures`);
  }
  let output = options.output;
  if (output === undefined) {
    const last = outMeta?.isTensor ? outMeta.shape[outMeta.shape.length - 1] : undefined;
    output = { kind: 'regression', nOutputs: typeof last === 'number' && last > 0 ? last : 1 };
  }
  const width = outputWidth(output);
  const features: FeatureSpec[] =
    options.featureNames === undefined
      ? defaultFeatures(nFeatures)
      : options.featureNames.map((name) => ({ name, type: 'numeric' }));
  if (features.length !== nFeatures) {
    throw new InvalidInputError(
      `featureNames has ${features.length} names but the ONNX input has ${nFeatures} features`,
    );
  }
  const batchRows = options.batchRows ?? 65_536;

  const runBatch = async (data: Float64Array, rows: number): Promise<Float64Array> => {
    const values = dtype === 'float32' ? Float32Array.from(data) : data;
    const tensor = new ort.Tensor(dtype, values, [rows, nFeatures]);
    const result = await session.run({ [inputName]: tensor });
    const out = result[outputName];
    if (out === undefined) throw new Error(`ONNX run returned no '${outputName}'`);
    const raw = out.data;
    if (
      output.kind === 'probability' &&
      typeof raw !== 'string' &&
      'length' in raw &&
      raw.length === 2 * rows
    ) {
      // Binary classifiers export both classes' probabilities (N × 2); the model's output is
      // P(classes[1]), the second column.
      const p = new Float64Array(rows);
      for (let i = 0; i < rows; i++) p[i] = Number((raw as ArrayLike<number>)[2 * i + 1]);
      return p;
    }
    if (typeof raw === 'string' || !('length' in raw) || raw.length !== rows * width) {
      throw new Error(
        `ONNX output '${outputName}' has ${(raw as { length?: number }).length} values for ${rows} rows × ${width}`,
      );
    }
    return Float64Array.from(raw as ArrayLike<number>, Number);
  };

  return {
    kind: 'onnx',
    inputSchema: { features },
    output,
    async predict(x: Matrix) {
      if (x.cols !== nFeatures) {
        throw new InvalidInputError(
          `the model expects ${nFeatures} features but the data has ${x.cols}`,
        );
      }
      if (x.rows <= batchRows) return runBatch(x.data, x.rows);
      const out = new Float64Array(x.rows * width);
      for (let r0 = 0; r0 < x.rows; r0 += batchRows) {
        const rows = Math.min(batchRows, x.rows - r0);
        out.set(
          await runBatch(x.data.subarray(r0 * nFeatures, (r0 + rows) * nFeatures), rows),
          r0 * width,
        );
      }
      return out;
    },
    dispose: () => session.release(),
  };
}
