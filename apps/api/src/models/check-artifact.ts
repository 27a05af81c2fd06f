import {
  AssayError,
  assertNoOnnxExternalData,
  findOnnxExternalData,
  isRemoteTextDescriptor,
  parseRemoteModelDescriptor,
  parseRemoteTextDescriptor,
} from '@assay/core';
import type { ModelVersion } from '@assay/registry';
import { ProblemError, problem } from '../http/problem.js';
import type { ComputePool } from '../jobs/compute/compute-pool.js';
import type { Outbound } from '../outbound/outbound.js';
import { OutboundRefusedError } from '../outbound/outbound-policy.js';
import { versionLoadOptions } from '../versions/load-version-model.js';

/** What an upload declares about its artifact: the format and the signatures it is read with. */
export type DeclaredArtifact = Pick<ModelVersion, 'format' | 'inputSignature' | 'outputSignature'>;

function refuse(detail: string, path = 'body'): never {
  throw new ProblemError(
    problem(400, 'invalid-artifact', detail, { errors: [{ path, message: detail }] }),
  );
}

/**
 * Loads an uploaded artifact once, as its declared format with its declared signatures, the way
 * predictions and batch tests will load it, and refuses it (400 with the loader's message) when
 * it does not load: a TF.js `model.json` sent as `onnx`, random bytes, a JSON spec that is not a
 * spec. Otherwise a broken upload would become the newest version, which version-less
 * predictions use, and fail only there. A remote descriptor is checked for its shape only (the
 * loader makes no network call). Also refuses an input signature whose number of features
 * differs from the model's. The loaded model is released; nothing is stored here.
 *
 * Where a format can reach outside the model, that is refused too: an ONNX model must hold all its
 * tensors (the ONNX loader refuses external data, which would be read from the server's files),
 * and a remote model's URL must be a target the outbound policy allows (checked again on every
 * call): a 400 `outbound-refused` problem names the rule that refused it.
 */
export async function checkArtifact(
  declared: DeclaredArtifact,
  bytes: Uint8Array,
  deps: { outbound: Outbound; compute: ComputePool },
  signal?: AbortSignal,
): Promise<void> {
  const { outbound, compute } = deps;
  // What could reach outside the model is refused first, with its own message.
  if (declared.format === 'onnx' && isWellFormedOnnx(bytes)) assertNoOnnxExternalData(bytes);
  if (declared.format === 'remote' && isRemoteTextDescriptor(bytes)) {
    // A text endpoint (scored by text batch tests) has no features to load: its descriptor and
    // its target are all there is to check.
    let url: string;
    try {
      url = parseRemoteTextDescriptor(bytes).url;
    } catch (error) {
      if (!(error instanceof AssayError)) throw error;
      refuse(error.message);
    }
    await checkUrl(url, outbound);
    return;
  }
  if (declared.format === 'remote') await checkRemoteTarget(bytes, outbound);
  // Loading is CPU-bound (a large ONNX or TF.js model): a compute thread does it, under the
  // pool's memory and time limits, with `signal` aborting it when the client goes away.
  const loaded = await compute.run(
    {
      kind: 'artifact-check',
      format: declared.format,
      bytes,
      options: versionLoadOptions(declared),
    },
    { signal },
  );
  if (!loaded.loads) {
    refuse(`the artifact does not load as format=${declared.format}: ${loaded.reason}`);
  }
  const signed = declared.inputSignature?.features.length;
  if (signed !== undefined && signed !== loaded.features) {
    refuse(
      `inputSignature lists ${signed} feature${signed === 1 ? '' : 's'} but the ${declared.format} model takes ${loaded.features}`,
      'metadata.inputSignature',
    );
  }
}

/** Malformed bytes are left to the loader, which says why (`invalid-artifact`). */
function isWellFormedOnnx(bytes: Uint8Array): boolean {
  try {
    findOnnxExternalData(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A descriptor that does not parse is left to the loader, which says why (`invalid-artifact`). */
async function checkRemoteTarget(bytes: Uint8Array, outbound: Outbound): Promise<void> {
  let descriptor: ReturnType<typeof parseRemoteModelDescriptor>;
  try {
    descriptor = parseRemoteModelDescriptor(bytes);
  } catch {
    return;
  }
  await checkUrl(descriptor.url, outbound);
}

async function checkUrl(url: string, outbound: Outbound): Promise<void> {
  try {
    await outbound.policy.check(url);
  } catch (error) {
    if (!(error instanceof OutboundRefusedError)) throw error;
    throw new ProblemError(
      problem(400, 'outbound-refused', `The remote model's url: ${error.message}`, {
        errors: [{ path: 'bytes.url', message: error.message }],
      }),
    );
  }
}
