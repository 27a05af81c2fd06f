/**
 * The pieces of a version upload read from the portal's form: the version metadata the API's
 * multipart `metadata` field takes (signatures, tags, source run), and a TF.js model's files
 * bundled into the one JSON artifact the API stores. Pure, so the form's rules are tested alone.
 */

export const VERSION_FORMATS = ['json', 'onnx', 'tfjs', 'remote', 'automl'] as const;
export type VersionFormat = (typeof VERSION_FORMATS)[number];

/** Formats whose artifact may be pasted as text instead of chosen as a file. */
export const PASTABLE_FORMATS: readonly VersionFormat[] = ['json', 'remote'];

/** What the form says when a format's artifact is missing. */
export function missingArtifact(format: VersionFormat): FormFault {
  const what: Record<VersionFormat, string> = {
    json: 'Paste the JSON spec or choose its file',
    remote: 'Paste the endpoint descriptor or choose its file',
    tfjs: 'Choose the model folder’s files (model.json and its .bin shards) or a bundle',
    onnx: 'Choose the .onnx file',
    // An AutoML run's exported pipeline (featurizer and learner), e.g. downloaded from a run.
    automl: 'Choose the AutoML artifact (.json, a run’s exported pipeline)',
  };
  return new FormFault('artifact', what[format]);
}

export const FEATURE_TYPES = ['numeric', 'categorical', 'boolean', 'string', 'datetime'] as const;

type Label = string | number;

export interface VersionMetadata {
  description?: string;
  tags?: Record<string, string>;
  sourceRunId?: string;
  inputSignature?: { features: { name: string; type: string }[] };
  outputSignature?:
    | { kind: 'regression'; nOutputs: number }
    | { kind: 'probability'; classes: [Label, Label] }
    | { kind: 'probabilities'; classes: Label[] };
}

/** A form's fault, with the field to fix. */
export class FormFault extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const splitList = (text: string) =>
  text
    .split(/[\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Class labels: numbers when every label reads as one ("0, 1"), else strings. */
export function parseClasses(text: string): Label[] {
  const parts = splitList(text);
  return parts.every((p) => /^-?\d+(\.\d+)?$/.test(p)) ? parts.map(Number) : parts;
}

/** `name:type` per feature (type defaults to numeric), separated by commas or lines. */
export function parseFeatures(text: string): { name: string; type: string }[] {
  return splitList(text).map((item) => {
    const at = item.lastIndexOf(':');
    const name = (at > 0 ? item.slice(0, at) : item).trim();
    const type = (at > 0 ? item.slice(at + 1) : 'numeric').trim();
    if (!(FEATURE_TYPES as readonly string[]).includes(type)) {
      throw new FormFault(
        'features',
        `Feature '${name}' has type '${type}'; use one of ${FEATURE_TYPES.join(', ')}`,
      );
    }
    return { name, type };
  });
}

/** `key=value` per line (or comma). */
export function parseTags(text: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const item of splitList(text)) {
    const at = item.indexOf('=');
    if (at <= 0) throw new FormFault('tags', `Tag '${item}' is not key=value`);
    tags[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  return tags;
}

/** The metadata of the form's text fields; fields left empty are left out. */
export function versionMetadata(field: (name: string) => string): VersionMetadata {
  const meta: VersionMetadata = {};
  if (field('description')) meta.description = field('description');
  if (field('tags')) meta.tags = parseTags(field('tags'));
  if (field('sourceRunId')) meta.sourceRunId = field('sourceRunId');
  if (field('features')) meta.inputSignature = { features: parseFeatures(field('features')) };
  const kind = field('outputKind');
  if (kind === 'regression') {
    const n = Number(field('nOutputs') || '1');
    if (!Number.isInteger(n) || n < 1) {
      throw new FormFault('nOutputs', 'The number of outputs is a whole number ≥ 1');
    }
    meta.outputSignature = { kind, nOutputs: n };
  } else if (kind === 'probability' || kind === 'probabilities') {
    const classes = parseClasses(field('classes'));
    if (kind === 'probability' && classes.length !== 2) {
      throw new FormFault(
        'classes',
        `A binary classifier has two classes (got ${classes.length}); list them as "0, 1"`,
      );
    }
    if (classes.length < 2) throw new FormFault('classes', 'List at least two classes');
    meta.outputSignature =
      kind === 'probability'
        ? { kind, classes: [classes[0] as Label, classes[1] as Label] }
        : { kind, classes };
  } else if (kind) {
    throw new FormFault('outputKind', `Unknown output kind '${kind}'`);
  }
  return meta;
}

/**
 * A TF.js model saved as a folder (`model.json` and its weight shards) as Assay's one-file
 * bundle: `model.json` verbatim, each shard its manifest names in base64, and the signature's
 * output and feature names (the bundle carries them, see the core's `loadModelArtifact`).
 */
export function tfjsBundle(
  files: { name: string; bytes: Uint8Array }[],
  meta: VersionMetadata,
): Uint8Array {
  const modelFile = files.find((f) => f.name === 'model.json' || f.name.endsWith('/model.json'));
  if (!modelFile) throw new FormFault('tfjs', 'Choose the folder’s model.json with its .bin files');
  let modelJson: { weightsManifest?: { paths?: string[] }[] };
  try {
    modelJson = JSON.parse(new TextDecoder().decode(modelFile.bytes));
  } catch (err) {
    throw new FormFault('tfjs', `model.json is not JSON: ${(err as Error).message}`);
  }
  const weights: Record<string, string> = {};
  for (const path of (modelJson.weightsManifest ?? []).flatMap((g) => g.paths ?? [])) {
    const base = path.split('/').pop() as string;
    const file = files.find((f) => f.name === path || f.name.split('/').pop() === base);
    if (!file) throw new FormFault('tfjs', `model.json names the weight file '${path}'; add it`);
    weights[path] = Buffer.from(file.bytes).toString('base64');
  }
  const out = meta.outputSignature;
  const features = meta.inputSignature?.features.map((f) => f.name);
  return new TextEncoder().encode(
    JSON.stringify({
      format: 'assay-tfjs-bundle',
      modelJson,
      weights,
      ...(out ? { output: out } : {}),
      ...(features ? { featureNames: features } : {}),
    }),
  );
}

/** The protocols a remote text endpoint may speak (the core's `ZRemoteTextDescriptorSchema`). */
export const TEXT_PROTOCOLS = ['kserve-v2', 'openai-completions'] as const;

/**
 * A remote text endpoint's descriptor from the form's fields (`text…`): protocol, URL and model
 * name, the KServe v2 tensor names and model version or the completions' `max_tokens`, and the
 * timeout and batch size; fields left empty are left out (the core's defaults). The API checks
 * the descriptor (and the URL against its outbound allow-list); here only what a form can get
 * wrong on its own is refused: a missing field, a protocol's field under the other protocol, or
 * a count that is not a whole number.
 */
export function remoteTextDescriptor(field: (name: string) => string): Record<string, unknown> {
  const protocol = field('textProtocol');
  if (!(TEXT_PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new FormFault('textProtocol', `Choose the protocol: ${TEXT_PROTOCOLS.join(' or ')}`);
  }
  const url = field('textUrl');
  if (!url) throw new FormFault('textUrl', 'Give the endpoint’s URL (http://host:port)');
  const modelName = field('textModelName');
  if (!modelName) throw new FormFault('textModelName', 'Give the model’s name on the server');
  const descriptor: Record<string, unknown> = {
    url,
    protocol,
    modelName,
    output: { kind: 'text' },
  };
  const only =
    protocol === 'kserve-v2'
      ? ['textMaxTokens']
      : ['textModelVersion', 'textInputName', 'textOutputName'];
  for (const name of only) {
    if (field(name)) {
      throw new FormFault(name, `${FIELD_LABELS[name]} is not used by ${protocol}; leave it empty`);
    }
  }
  for (const [name, key] of [
    ['textModelVersion', 'modelVersion'],
    ['textInputName', 'inputName'],
    ['textOutputName', 'outputName'],
  ] as const) {
    if (field(name)) descriptor[key] = field(name);
  }
  for (const [name, key] of [
    ['textMaxTokens', 'maxTokens'],
    ['textTimeoutMs', 'timeoutMs'],
    ['textBatchSize', 'batchSize'],
  ] as const) {
    const text = field(name);
    if (!text) continue;
    const n = Number(text);
    if (!Number.isInteger(n)) {
      throw new FormFault(name, `${FIELD_LABELS[name]} is a whole number (got '${text}')`);
    }
    descriptor[key] = n;
  }
  return descriptor;
}

const FIELD_LABELS: Record<string, string> = {
  textModelVersion: 'The model version',
  textInputName: 'The input tensor',
  textOutputName: 'The output tensor',
  textMaxTokens: 'Max tokens',
  textTimeoutMs: 'The timeout',
  textBatchSize: 'The batch size',
};
