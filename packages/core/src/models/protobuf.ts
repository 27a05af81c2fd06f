/**
 * A minimal reader of the Protocol Buffers wire format (no schema, no I/O): enough to walk a
 * serialized message's fields and descend into the ones known to be messages. Used to inspect
 * ONNX models before a runtime parses them ({@link findOnnxExternalData}).
 *
 * Reference: "Encoding", protobuf.dev/programming-guides/encoding (varints, the tag
 * `field_number << 3 | wire_type`, wire types 0 VARINT, 1 I64, 2 LEN, 3 SGROUP, 4 EGROUP, 5 I32).
 */

/** One field of a message as it appears on the wire. */
export type WireField =
  | { field: number; wireType: 0; value: number }
  | { field: number; wireType: 1 | 5 }
  | { field: number; wireType: 2; start: number; end: number }
  | { field: number; wireType: 3 };

/** The bytes are not a well-formed protobuf message. */
export class WireFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = 'WireFormatError';
  }
}

/**
 * A base-128 varint at `pos`: its value (as a double: exact up to 2^53, and never 0 for a
 * larger one, which is all the callers compare) and the position after it.
 */
function readVarint(bytes: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= bytes.length) throw new WireFormatError('truncated varint', pos);
    const byte = bytes[pos++] as number;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return [value, pos];
    scale *= 128;
  }
  throw new WireFormatError('varint longer than 10 bytes', pos);
}

/**
 * The fields of the message in `bytes[start, end)`, in wire order. Groups (wire type 3, a
 * deprecated encoding no ONNX field uses) are skipped whole and reported as one field; a field
 * that runs past `end`, a wire type 6 or 7, field number 0 or an unmatched end-group throws
 * {@link WireFormatError}, as a protobuf parser would refuse the message.
 */
export function* wireFields(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
): Generator<WireField> {
  let pos = start;
  while (pos < end) {
    const at = pos;
    const [tag, afterTag] = readVarint(bytes, pos);
    pos = afterTag;
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0) throw new WireFormatError('field number 0', at);
    switch (wireType) {
      case 0: {
        const [value, next] = readVarint(bytes, pos);
        pos = next;
        yield { field, wireType, value };
        break;
      }
      case 1:
      case 5:
        pos += wireType === 1 ? 8 : 4;
        if (pos > end) throw new WireFormatError('truncated fixed-width field', at);
        yield { field, wireType };
        break;
      case 2: {
        const [length, next] = readVarint(bytes, pos);
        if (next + length > end) throw new WireFormatError('length-delimited field overruns', at);
        pos = next + length;
        yield { field, wireType, start: next, end: pos };
        break;
      }
      case 3:
        pos = skipGroup(bytes, pos, end, field, 0);
        yield { field, wireType };
        break;
      default:
        throw new WireFormatError(
          wireType === 4 ? 'end-group without a group' : `wire type ${wireType}`,
          at,
        );
    }
  }
  if (pos !== end) throw new WireFormatError('message overruns its length', pos);
}

/** The position after the end-group of group `field` whose fields start at `pos`. */
function skipGroup(bytes: Uint8Array, pos: number, end: number, field: number, depth: number) {
  if (depth > 100) throw new WireFormatError('groups nested more than 100 deep', pos);
  while (pos < end) {
    const at = pos;
    const [tag, afterTag] = readVarint(bytes, pos);
    pos = afterTag;
    const inner = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (inner === 0) throw new WireFormatError('field number 0', at);
    if (wireType === 4) {
      if (inner !== field) throw new WireFormatError('mismatched end-group', at);
      return pos;
    }
    if (wireType === 0) pos = readVarint(bytes, pos)[1];
    else if (wireType === 1) pos += 8;
    else if (wireType === 5) pos += 4;
    else if (wireType === 2) {
      const [length, next] = readVarint(bytes, pos);
      pos = next + length;
    } else if (wireType === 3) pos = skipGroup(bytes, pos, end, inner, depth + 1);
    else throw new WireFormatError(`wire type ${wireType}`, at);
    if (pos > end) throw new WireFormatError('group overruns', at);
  }
  throw new WireFormatError('unterminated group', pos);
}

const utf8 = new TextDecoder('utf-8');

/** The UTF-8 text of a length-delimited field. */
export function wireString(bytes: Uint8Array, field: { start: number; end: number }): string {
  return utf8.decode(bytes.subarray(field.start, field.end));
}
