import type { RegistryContext } from '../context.js';
import type { ModelVersion } from './version.types.js';

/**
 * A version's artifact bytes, checked against its sha256 and size (`integrity` error when the
 * stored file is missing or altered). The path comes from the checksum, never from a name.
 */
export async function readArtifact(
  ctx: RegistryContext,
  version: ModelVersion,
): Promise<Uint8Array> {
  return ctx.artifacts.read(version.storageKey, version.sha256, version.sizeBytes);
}
