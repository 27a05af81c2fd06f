import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RegistryError } from '../errors.js';
import type {
  ArtifactSource,
  ArtifactStore,
  ListedArtifact,
  StoredArtifact,
} from './artifact-store.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const STORAGE_KEY = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{62})$/;
const PREFIX_DIR = /^[0-9a-f]{2}$/;
const REST_NAME = /^[0-9a-f]{62}$/;

/** `sha256/ab/cdef…`: the only way a storage key is ever made. */
export function storageKeyFor(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) {
    throw new RegistryError('invalid', 'sha256 must be 64 lowercase hexadecimal characters');
  }
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2)}`;
}

/**
 * A local directory of artifacts addressed by the sha256 of their content:
 * `<root>/sha256/ab/cdef…`. Nothing a user supplies ever becomes part of a path.
 *
 * Writes stream to `<root>/tmp/<random>.part`, are fsynced, and are renamed into place only once
 * the checksum is known (and matches the expected one, if given). Reads verify the checksum.
 */
export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Absolute path of a stored artifact, from its storage key (validated, never trusted). */
  pathFor(storageKey: string): string {
    const match = STORAGE_KEY.exec(storageKey);
    if (match === null)
      throw new RegistryError('integrity', `Malformed storage key: ${JSON.stringify(storageKey)}`);
    return join(this.root, 'sha256', match[1] as string, match[2] as string);
  }

  async put(
    source: ArtifactSource,
    options: { expectedSha256?: string } = {},
  ): Promise<StoredArtifact> {
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmpPath = join(tmpDir, `${randomBytes(16).toString('hex')}.part`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    let committed = false;
    const file = await open(tmpPath, 'wx', 0o644);
    try {
      try {
        for await (const chunk of chunksOf(source)) {
          if (!(chunk instanceof Uint8Array)) {
            throw new RegistryError('invalid', 'artifact chunks must be Uint8Array');
          }
          hash.update(chunk);
          sizeBytes += chunk.byteLength;
          let offset = 0;
          while (offset < chunk.byteLength) {
            const { bytesWritten } = await file.write(chunk, offset, chunk.byteLength - offset);
            offset += bytesWritten;
          }
        }
        await file.sync();
      } finally {
        await file.close();
      }
      if (sizeBytes === 0) throw new RegistryError('invalid', 'artifact is empty');
      const sha256 = hash.digest('hex');
      if (options.expectedSha256 !== undefined && options.expectedSha256 !== sha256) {
        throw new RegistryError(
          'invalid',
          `artifact sha256 is ${sha256} but ${options.expectedSha256} was expected`,
          { details: { expectedSha256: options.expectedSha256, actualSha256: sha256 } },
        );
      }
      const storageKey = storageKeyFor(sha256);
      const finalPath = this.pathFor(storageKey);
      const finalDir = join(this.root, 'sha256', sha256.slice(0, 2));
      await mkdir(finalDir, { recursive: true });
      // Same content, same name: replacing an existing copy is harmless (and heals a damaged one).
      await rename(tmpPath, finalPath);
      committed = true;
      await syncDirectory(finalDir);
      return { sha256, sizeBytes, storageKey };
    } finally {
      if (!committed) await rm(tmpPath, { force: true });
    }
  }

  /** Every artifact file under `sha256/` (anything else in the directory is ignored). */
  async *list(): AsyncIterable<ListedArtifact> {
    const base = join(this.root, 'sha256');
    for (const prefix of await readdirIfAny(base)) {
      if (!PREFIX_DIR.test(prefix)) continue;
      for (const rest of await readdirIfAny(join(base, prefix))) {
        if (!REST_NAME.test(rest)) continue;
        const info = await statIfAny(join(base, prefix, rest));
        if (info === null || !info.isFile()) continue;
        const sha256 = `${prefix}${rest}`;
        yield {
          storageKey: storageKeyFor(sha256),
          sha256,
          sizeBytes: info.size,
          modifiedAt: info.mtime,
        };
      }
    }
  }

  /**
   * Deletes an artifact file unless its mtime is after `unmodifiedSince` (a write of the same
   * content renames a fresh file into place, with a fresh mtime).
   */
  async delete(storageKey: string, sha256: string, unmodifiedSince: Date): Promise<boolean> {
    if (storageKey !== storageKeyFor(sha256)) {
      throw new RegistryError(
        'integrity',
        `Storage key ${storageKey} does not match sha256 ${sha256}`,
      );
    }
    const path = this.pathFor(storageKey);
    const info = await statIfAny(path);
    if (info === null || info.mtime > unmodifiedSince) return false;
    try {
      await unlink(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    return true;
  }

  /** `<root>/tmp/*.part` files of writes that died before their rename. */
  async removeStaleTemporaryFiles(olderThan: Date): Promise<number> {
    return removeStaleFiles(join(this.root, 'tmp'), olderThan);
  }

  /** Reads a whole artifact and checks it against `sha256` (and `sizeBytes` when given). */
  async read(storageKey: string, sha256: string, sizeBytes?: number): Promise<Uint8Array> {
    if (storageKey !== storageKeyFor(sha256)) {
      throw new RegistryError(
        'integrity',
        `Storage key ${storageKey} does not match sha256 ${sha256}`,
      );
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathFor(storageKey));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new RegistryError('integrity', `Artifact ${storageKey} is missing from the store`, {
          cause: error,
        });
      }
      throw error;
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256 || (sizeBytes !== undefined && bytes.byteLength !== sizeBytes)) {
      throw new RegistryError(
        'integrity',
        `Artifact ${storageKey} is corrupt: its sha256 is ${actual} (${bytes.byteLength} bytes), expected ${sha256}`,
        { details: { expectedSha256: sha256, actualSha256: actual } },
      );
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}

/** The chunks of an artifact source (a whole array is one chunk). */
export async function* chunksOf(source: ArtifactSource): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  if (source === null || typeof source !== 'object' || !(Symbol.asyncIterator in source)) {
    throw new RegistryError(
      'invalid',
      'artifact must be a Uint8Array or an async iterable of Uint8Array',
    );
  }
  yield* source;
}

/** fsync a directory so that a rename into it survives a crash (best effort where unsupported). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows, some network filesystems) refuse fsync on directories.
    if (
      !['EINVAL', 'EPERM', 'EISDIR', 'ENOTSUP'].includes(
        (error as NodeJS.ErrnoException).code ?? '',
      )
    )
      throw error;
  } finally {
    await handle.close();
  }
}

/** Deletes the `*.part` files of `dir` last written before `olderThan`; how many. */
export async function removeStaleFiles(dir: string, olderThan: Date): Promise<number> {
  let removed = 0;
  for (const name of await readdirIfAny(dir)) {
    if (!name.endsWith('.part')) continue;
    const info = await statIfAny(join(dir, name));
    if (info === null || !info.isFile() || info.mtime >= olderThan) continue;
    await rm(join(dir, name), { force: true });
    removed += 1;
  }
  return removed;
}

async function readdirIfAny(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function statIfAny(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
