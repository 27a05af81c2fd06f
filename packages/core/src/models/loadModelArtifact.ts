import { z } from 'zod';
import { createAutoMlModel } from '../automl/pipeline/artifact.js';
import { InvalidInputError } from '../errors/index.js';
import { ZLabelSchema } from '../schemas/labels.js';
import { loadOnnxModel, type OnnxModelOptions } from './onnx.js';
import { createRemoteModel, type RemoteFetch } from './remote.js';
import { isRemoteTextDescriptor } from './remoteText.js';
import { createSpecModel } from './specModel.js';
import { loadTfjsModel, safeWeightPath, tfjsWeightPaths } from './tfjs.js';
import type { Model } from './types.js';

/**
 * The formats a registered model version's artifact may have: the one list (the registry's
 * schemas and types, the API's contracts and its document derive from it).
 */
export const MODEL_ARTIFACT_FORMATS = ['tfjs', 'onnx', 'json', 'remote', 'automl'] as const;
export type ModelArtifactFormat = (typeof MODEL_ARTIFACT_FORMATS)[number];

const FORMAT_LIST = `${MODEL_ARTIFACT_FORMATS.slice(0, -1).join(', ')} or ${MODEL_ARTIFACT_FORMATS.at(-1)}`;

/** What loading a model may use besides its bytes (see {@link loadModelArtifact}). */
export interface ModelLoadContext {
  /**
   * How a `remote` model sends its requests: the caller's guarded `fetch` (allowed targets
   * only). @default the global `fetch`
   */
  fetch?: RemoteFetch;
}

/** The `format` tag of a TF.js bundle. */
export const TFJS_BUNDLE_FORMAT = 'assay-tfjs-bundle';

const ZModelOutputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('regression'), nOutputs: z.number().int().min(1) }),
  z.strictObject({
    kind: z.literal('probability'),
    classes: z.tuple([ZLabelSchema, ZLabelSchema]),
  }),
  z.strictObject({ kind: z.literal('probabilities'), classes: z.array(ZLabelSchema).min(2) }),
]);

const ZFeatureNamesSchema = z.array(z.string().min(1)).min(1);

/** A TF.js model in one JSON file (see {@link loadModelArtifact}). */
const ZTfjsBundleSchema = z.strictObject({
  format: z.literal(TFJS_BUNDLE_FORMAT),
  modelJson: z.record(z.string(), z.unknown()),
  weights: z.record(z.string(), z.string()),
  output: ZModelOutputSchema.optional(),
  featureNames: ZFeatureNamesSchema.optional(),
});

/** A model served over KServe v2 (see {@link loadModelArtifact}). Headers are never stored. */
const ZRemoteDescriptorSchema = z.strictObject({
  url: z.string().min(1),
  protocol: z.literal('kserve-v2'),
  modelName: z.string().min(1),
  modelVersion: z.string().min(1).optional(),
  nFeatures: z.number().int().min(1).optional(),
  featureNames: ZFeatureNamesSchema.optional(),
  output: ZModelOutputSchema.optional(),
  inputName: z.string().min(1).optional(),
  outputName: z.string().min(1).optional(),
  datatype: z.enum(['FP32', 'FP64']).optional(),
  timeoutMs: z.number().int().min(1).optional(),
  batchRows: z.number().int().min(1).optional(),
});

const ZOnnxOptionsSchema = z.strictObject({
  inputName: z.string().min(1).optional(),
  outputName: z.string().min(1).optional(),
  output: ZModelOutputSchema.optional(),
  featureNames: ZFeatureNamesSchema.optional(),
  nFeatures: z.number().int().min(1).optional(),
  batchRows: z.number().int().min(1).optional(),
});

function fail(message: string, path: (string | number)[] = ['bytes']): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string, root: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: [root, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
    message: issue.message,
  }));
  const detail = issues
    .map((i) => `${i.path.slice(1).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new InvalidInputError(`invalid ${what}: ${detail}`, issues);
}

function parseJsonArtifact(bytes: Uint8Array, what: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(`the ${what} is not UTF-8 text`);
  }
  if (text.trim() === '') fail(`the ${what} is empty`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail(`the ${what} is not valid JSON (${(error as Error).message}); truncated?`);
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict standard base64 (RFC 4648 §4, padded, no whitespace) to bytes. */
function decodeBase64(text: string, path: string): Uint8Array {
  if (!BASE64.test(text)) {
    fail(`weights['${path}'] is not padded standard base64 (RFC 4648); truncated or altered?`, [
      'bytes',
      'weights',
      path,
    ]);
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

async function loadTfjsBundle(bytes: Uint8Array): Promise<Model> {
  const doc = parseJsonArtifact(bytes, 'tfjs bundle');
  if (
    doc === null ||
    typeof doc !== 'object' ||
    (doc as { format?: unknown }).format !== TFJS_BUNDLE_FORMAT
  ) {
    fail(
      `a tfjs artifact is one JSON file { "format": "${TFJS_BUNDLE_FORMAT}", "modelJson", "weights", "output"? }; this one has no format "${TFJS_BUNDLE_FORMAT}"`,
    );
  }
  const bundle = parseWith(ZTfjsBundleSchema, doc, 'tfjs bundle', 'bytes');
  const listed = new Set(tfjsWeightPaths(bundle.modelJson));
  const weights: Record<string, Uint8Array> = {};
  for (const [key, data] of Object.entries(bundle.weights)) {
    const path = safeWeightPath(key);
    if (!listed.has(path)) {
      fail(
        `weights has '${key}', which the weightsManifest does not list (it lists ${[...listed].join(', ') || 'nothing'})`,
        ['bytes', 'weights', key],
      );
    }
    weights[path] = decodeBase64(data, key);
  }
  return loadTfjsModel(
    { modelJson: bundle.modelJson, weights },
    {
      ...(bundle.output === undefined ? {} : { output: bundle.output }),
      ...(bundle.featureNames === undefined ? {} : { featureNames: bundle.featureNames }),
    },
  );
}

/** A `remote` artifact's descriptor, validated (see {@link loadModelArtifact}). */
export type RemoteModelDescriptor = z.infer<typeof ZRemoteDescriptorSchema>;

/**
 * Reads and validates a `remote` artifact: UTF-8 JSON with the descriptor's fields (see
 * {@link loadModelArtifact}), without contacting the server, so that the caller can check the
 * `url` before storing or calling it.
 *
 * @throws InvalidInputError when the bytes are empty, not UTF-8, not JSON, or a field is
 * missing or malformed (the message names it).
 */
export function parseRemoteModelDescriptor(bytes: Uint8Array): RemoteModelDescriptor {
  if (!(bytes instanceof Uint8Array)) fail('bytes must be a Uint8Array');
  if (bytes.length === 0) fail('the remote model artifact is empty (0 bytes)');
  const descriptor = parseWith(
    ZRemoteDescriptorSchema,
    parseJsonArtifact(bytes, 'remote model descriptor'),
    'remote model descriptor',
    'bytes',
  );
  checkClasses(descriptor.output, 'bytes');
  return descriptor;
}

function checkClasses(output: z.infer<typeof ZModelOutputSchema> | undefined, root: string): void {
  if (output === undefined || output.kind === 'regression') return;
  const seen = new Set(output.classes);
  if (seen.size !== output.classes.length) {
    fail(`output.classes ${JSON.stringify(output.classes)} repeats a class`, [root, 'output']);
  }
  const kinds = new Set(output.classes.map((c) => typeof c));
  if (kinds.size > 1) {
    fail(`output.classes ${JSON.stringify(output.classes)} mixes numbers and strings`, [
      root,
      'output',
    ]);
  }
}

/**
 * Loads a registered model version's artifact from its bytes into a {@link Model} (the core does
 * no I/O: the caller reads the file or the upload). Formats:
 *
 * - `json`: a JSON model spec as {@link createSpecModel} takes it
 *   (`{ "type": "logistic", "coef": [...], "intercept": 0, "classes": ["no", "yes"] }`).
 * - `onnx`: ONNX bytes, loaded by {@link loadOnnxModel}; `options` are its options (input and
 *   output names, `output` with the classes, feature names, width), validated here.
 * - `tfjs`: ONE UTF-8 JSON file bundling a TensorFlow.js model (the "assay-tfjs-bundle"):
 *   ```json
 *   {
 *     "format": "assay-tfjs-bundle",
 *     "modelJson": { "modelTopology": {…}, "weightsManifest": [{ "paths": ["group1-shard1of1.bin"], "weights": […] }], "format": "layers-model" },
 *     "weights": { "group1-shard1of1.bin": "<standard padded base64 of the shard>" },
 *     "output": { "kind": "probability", "classes": [0, 1] },
 *     "featureNames": ["age", "income"]
 *   }
 *   ```
 *   `modelJson` is the `model.json` that `model.save('file://…')` writes, verbatim; `weights` maps
 *   each path of its manifest (as written there; checked by {@link safeWeightPath}) to the file's
 *   bytes in base64; `output` (a `ModelOutput`, default regression) and `featureNames` are
 *   optional. Loaded with {@link loadTfjsModel}, which checks each shard's length.
 * - `remote`: a UTF-8 JSON descriptor of a model served with the KServe / Open Inference
 *   Protocol v2, passed to {@link createRemoteModel}:
 *   `{ "url": "http://models:8080", "protocol": "kserve-v2", "modelName": "churn",
 *   "modelVersion"?, "nFeatures" | "featureNames", "output"?, "inputName"?, "outputName"?,
 *   "datatype"?: "FP32" | "FP64", "timeoutMs"?, "batchRows"? }`. Credentials are not part of it.
 *   Its requests go through `context.fetch` (the caller's checks on where a model may
 *   connect); {@link parseRemoteModelDescriptor} reads the descriptor alone.
 * - `automl`: a UTF-8 JSON AutoML pipeline (`{ "format": "assay-automl", "version": 1, "target",
 *   "task", "classes", "featurizer", "learner" }`) as `runAutoMl` exports it, loaded by
 *   `createAutoMlModel`: its features are raw columns and it predicts from raw rows
 *   (`Model.rawValue` codes text, dates and gaps).
 *
 * @example await loadModelArtifact('json', new TextEncoder().encode('{"type":"linear","coef":[2]}'))
 * @param options - `onnx` only (the others carry their settings inside the artifact).
 * @param context - what loading may use besides the bytes: the `fetch` of remote models.
 * @throws InvalidInputError when the format is unknown, the bytes are empty, not UTF-8, not JSON
 * or truncated, the spec, bundle or descriptor is malformed (the message names the field), a
 * bundle's weight is not base64, is not in the manifest or does not have the manifest's length,
 * or the model does not load; when `options` come with a format other than `onnx`.
 */
export async function loadModelArtifact(
  format: ModelArtifactFormat,
  bytes: Uint8Array,
  options?: OnnxModelOptions,
  context: ModelLoadContext = {},
): Promise<Model> {
  if (!(bytes instanceof Uint8Array)) fail('bytes must be a Uint8Array');
  if (options !== undefined && format !== 'onnx') {
    fail(`options apply to onnx artifacts only; a ${format} artifact carries its own settings`, [
      'options',
    ]);
  }
  if (bytes.length === 0) fail(`the ${format} model artifact is empty (0 bytes)`);
  switch (format) {
    case 'json':
      return createSpecModel(parseJsonArtifact(bytes, 'json model spec') as never);
    case 'onnx': {
      const parsed = parseWith(ZOnnxOptionsSchema, options ?? {}, 'onnx options', 'options');
      checkClasses(parsed.output, 'options');
      return loadOnnxModel(bytes, parsed);
    }
    case 'tfjs':
      return loadTfjsBundle(bytes);
    case 'remote': {
      if (isRemoteTextDescriptor(bytes))
        fail(
          'this remote model is a text model ("output": {"kind": "text"}): it answers prompts, not feature rows; score it with a text batch test (POST …/text-evaluations)',
        );
      const { protocol: _protocol, ...remote } = parseRemoteModelDescriptor(bytes);
      return createRemoteModel({
        ...remote,
        ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
      });
    }
    case 'automl':
      return createAutoMlModel(parseJsonArtifact(bytes, 'automl model artifact'));
    default:
      return fail(
        `model artifact format ${JSON.stringify(format)} is not supported; expected ${FORMAT_LIST}`,
        ['format'],
      );
  }
}
