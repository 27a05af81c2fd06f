import { assertNoOnnxExternalData, parseRemoteModelDescriptor } from '@assay/core';
import type { ArtifactFormat } from '@assay/registry';
import { ProblemError, problem } from '../http/problem.js';
import type { Outbound } from '../outbound/outbound.js';
import { OutboundRefusedError } from '../outbound/outbound-policy.js';

/**
 * An uploaded artifact, checked before it is stored where its format can reach outside the
 * model: an ONNX model must hold all its tensors (external data would be read from the server's
 * files), and a remote model's URL must be a target the outbound policy allows (checked again
 * on every call). Those two formats are read whole (within the upload limit) to be checked;
 * the others stream through to the store untouched.
 *
 * @throws InvalidInputError (400) for ONNX external data or a malformed ONNX or descriptor;
 * a 400 `outbound-refused` problem naming the rule that refused a remote model's URL.
 */
export async function checkArtifact(
  format: ArtifactFormat,
  file: AsyncIterable<Uint8Array>,
  outbound: Outbound,
): Promise<Uint8Array | AsyncIterable<Uint8Array>> {
  if (format !== 'onnx' && format !== 'remote') return file;
  const bytes = await readAll(file);
  if (format === 'onnx') {
    assertNoOnnxExternalData(bytes);
    return bytes;
  }
  const descriptor = parseRemoteModelDescriptor(bytes);
  try {
    await outbound.policy.check(descriptor.url);
  } catch (error) {
    if (!(error instanceof OutboundRefusedError)) throw error;
    const detail = `url: ${error.message}`;
    throw new ProblemError(
      problem(400, 'outbound-refused', `The remote model's ${detail}`, {
        errors: [{ path: 'bytes.url', message: error.message }],
      }),
    );
  }
  return bytes;
}

async function readAll(file: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of file) {
    chunks.push(chunk);
    length += chunk.byteLength;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
