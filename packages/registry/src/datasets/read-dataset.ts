import { storageKeyFor } from '../artifacts/local-artifact-store.js';
import type { RegistryContext } from '../context.js';
import type { Dataset } from './dataset.types.js';

/**
 * A dataset's bytes, checked against its sha256 and size (`integrity` when the stored bytes are
 * missing or altered). The key derives from the checksum, never from a name.
 */
export async function read(ctx: RegistryContext, dataset: Dataset): Promise<Uint8Array> {
  return ctx.artifacts.read(storageKeyFor(dataset.sha256), dataset.sha256, dataset.sizeBytes);
}
