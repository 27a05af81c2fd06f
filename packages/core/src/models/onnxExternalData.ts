import { InvalidInputError } from '../errors/index.js';
import { WireFormatError, wireFields, wireString } from './protobuf.js';

/** A tensor of an ONNX model whose data is stored outside the model (see {@link findOnnxExternalData}). */
export interface OnnxExternalDataRef {
  /** Where the tensor is: `graph 'main' › node 'loop' (Loop) › attribute 'body' › …`. */
  path: string;
  /** The tensor's name (empty when it has none, as a Constant's `value` often does). */
  tensor: string;
  /** The file its `external_data` names (`location`), when it names one. */
  location: string | undefined;
}

type MessageKind =
  | 'model'
  | 'graph'
  | 'node'
  | 'attribute'
  | 'tensor'
  | 'sparse'
  | 'function'
  | 'training';

/**
 * The message-typed fields of onnx.proto (ONNX 1.12 – 1.18) that can lead to a `TensorProto`:
 * field number → [the field's name, the message it holds]. Every other field is skipped.
 */
const CHILDREN: Record<MessageKind, Record<number, [string, MessageKind]>> = {
  model: { 7: ['graph', 'graph'], 20: ['training_info', 'training'], 25: ['function', 'function'] },
  graph: {
    1: ['node', 'node'],
    5: ['initializer', 'tensor'],
    15: ['sparse_initializer', 'sparse'],
  },
  node: { 5: ['attribute', 'attribute'] },
  attribute: {
    5: ['t', 'tensor'],
    6: ['g', 'graph'],
    10: ['tensors', 'tensor'],
    11: ['graphs', 'graph'],
    22: ['sparse_tensor', 'sparse'],
    23: ['sparse_tensors', 'sparse'],
  },
  sparse: { 1: ['values', 'tensor'], 2: ['indices', 'tensor'] },
  // 11: attribute_proto (ONNX 1.13+): attributes with default values, which may hold tensors.
  function: { 7: ['node', 'node'], 11: ['attribute_proto', 'attribute'] },
  training: { 1: ['initialization', 'graph'], 2: ['algorithm', 'graph'] },
  tensor: {},
};

/** The string fields that name a message in a path: name, and a node's op_type. */
const NAME_FIELD: Partial<Record<MessageKind, number>> = {
  graph: 2,
  node: 3,
  attribute: 1,
  tensor: 8,
  function: 1,
};

// TensorProto: 13 external_data (StringStringEntryProto: 1 key, 2 value), 14 data_location
// (DEFAULT = 0, EXTERNAL = 1).
const TENSOR_EXTERNAL_DATA = 13;
const TENSOR_DATA_LOCATION = 14;
const NODE_OP_TYPE = 4;
/** protobuf's own default recursion limit: a deeper message does not parse anywhere. */
const MAX_DEPTH = 100;

/**
 * Every tensor of a serialized ONNX model (`ModelProto` bytes) whose data lives outside the
 * model: `data_location = EXTERNAL`, or any `external_data` entry. Walks the model's graph and
 * its initializers, sparse initializers, the tensors and subgraphs of every node's attributes
 * (an `If`'s branches, a `Loop`'s or `Scan`'s body, to any depth), the model-local functions
 * and the training graphs. Pure: reads the bytes only, with its own protobuf wire-format
 * reader, so it runs before any runtime parses the model.
 *
 * Why: onnxruntime reads an external tensor's `location` relative to the model's directory,
 * which for a model given as bytes is the process's working directory, so such a model reads
 * files of the server that runs it (and its `_ORT_MEM_ADDR_` locations
 * name addresses in the process's memory).
 *
 * @example findOnnxExternalData(bytes) // [{ path: "graph 'g' › initializer 'W'", tensor: 'W', location: 'secret.bin' }]
 * @throws InvalidInputError when the bytes are not a well-formed protobuf message or nest
 * deeper than 100 messages (no ONNX parser would load them either).
 */
export function findOnnxExternalData(bytes: Uint8Array): OnnxExternalDataRef[] {
  const found: OnnxExternalDataRef[] = [];
  try {
    walk(bytes, 0, bytes.length, 'model', undefined, [], 0, found);
  } catch (error) {
    if (error instanceof WireFormatError) {
      throw new InvalidInputError(
        `not a loadable ONNX model: not a well-formed protobuf message (${error.message})`,
      );
    }
    throw error;
  }
  return found;
}

/**
 * Throws unless the ONNX model is self-contained ({@link findOnnxExternalData} finds nothing).
 *
 * @throws InvalidInputError "ONNX external data is not allowed: …", naming the first tensor
 * and the file it points to, and how to save the model with its weights inside; or the
 * malformed-model error of {@link findOnnxExternalData}.
 */
export function assertNoOnnxExternalData(bytes: Uint8Array): void {
  const found = findOnnxExternalData(bytes);
  const first = found[0];
  if (first === undefined) return;
  const where = first.location === undefined ? 'outside the model' : `in '${first.location}'`;
  const more = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
  const message =
    `ONNX external data is not allowed: tensor '${first.tensor}' (${first.path}) is stored ` +
    `${where}${more}; save the model with every tensor inside it ` +
    '(onnx.save_model(model, path, save_as_external_data=False)) and upload that one file';
  throw new InvalidInputError(message, [{ path: ['bytes'], message }]);
}

/**
 * Walks the message of `kind` in `bytes[start, end)`, reached through the field `label` below
 * `path`, adding each external tensor to `found`.
 */
function walk(
  bytes: Uint8Array,
  start: number,
  end: number,
  kind: MessageKind,
  label: string | undefined,
  path: readonly string[],
  depth: number,
  found: OnnxExternalDataRef[],
): void {
  if (depth > MAX_DEPTH) {
    throw new InvalidInputError(
      `not a loadable ONNX model: messages nested more than ${MAX_DEPTH} deep`,
    );
  }
  const children = CHILDREN[kind];
  const nameField = NAME_FIELD[kind];
  let name = '';
  let opType = '';
  let external = false;
  let location: string | undefined;
  const nested: { label: string; kind: MessageKind; start: number; end: number }[] = [];
  for (const f of wireFields(bytes, start, end)) {
    if (kind === 'tensor' && f.field === TENSOR_DATA_LOCATION && f.wireType === 0) {
      if (f.value !== 0) external = true;
    } else if (f.wireType !== 2) {
      // Not a field this walk reads (a protobuf parser keeps a known field with another wire
      // type as an unknown field, so it cannot be the message either).
    } else if (kind === 'tensor' && f.field === TENSOR_EXTERNAL_DATA) {
      external = true;
      let key: string | undefined;
      let value: string | undefined;
      for (const e of wireFields(bytes, f.start, f.end)) {
        if (e.wireType !== 2) continue;
        if (e.field === 1) key = wireString(bytes, e);
        else if (e.field === 2) value = wireString(bytes, e);
      }
      if (key === 'location' && value !== undefined) location = value;
    } else if (f.field === nameField) {
      name = wireString(bytes, f);
    } else if (kind === 'node' && f.field === NODE_OP_TYPE) {
      opType = wireString(bytes, f);
    } else {
      const child = children[f.field];
      if (child !== undefined) {
        nested.push({ label: child[0], kind: child[1], start: f.start, end: f.end });
      }
    }
  }
  const here =
    label === undefined
      ? path
      : [
          ...path,
          `${label}${name === '' ? '' : ` '${name}'`}${opType === '' ? '' : ` (${opType})`}`,
        ];
  if (external) {
    found.push({ path: here.join(' › '), tensor: name, location });
    return;
  }
  for (const child of nested) {
    walk(bytes, child.start, child.end, child.kind, child.label, here, depth + 1, found);
  }
}
