import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { RegistryError } from '../errors.js';
import type { ArtifactStore, S3ArtifactStoreOptions } from './artifact-store.js';
import {
  type ArtifactSource,
  chunksOf,
  type StoredArtifact,
  storageKeyFor,
} from './local-artifact-store.js';

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^([A-Za-z0-9._-]+\/)*$/;

/**
 * Artifacts in an S3-compatible bucket, content-addressed like the local store:
 * `<prefix>sha256/ab/cdef…`. Nothing a user supplies becomes part of a key.
 *
 * A write streams the source to a local spool file while hashing it (the key is the checksum, so
 * it is known only at the end), then uploads the file with `PutObject` under its final key, with
 * `x-amz-checksum-sha256` so that the server rejects a corrupted upload. An object that already
 * exists with the same size is not uploaded again (same content, same key). A PutObject is atomic:
 * readers see the whole object or none. Every read re-hashes the bytes.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #spoolDir: string;

  constructor(options: S3ArtifactStoreOptions, spoolDir: string) {
    if (!BUCKET.test(options.bucket)) {
      throw new RegistryError(
        'invalid',
        `Invalid S3 bucket name ${JSON.stringify(options.bucket)}`,
      );
    }
    const prefix = options.prefix ?? '';
    if (!PREFIX.test(prefix) || prefix.includes('..') || prefix.startsWith('/')) {
      throw new RegistryError(
        'invalid',
        'Invalid S3 key prefix: use segments of [A-Za-z0-9._-] each ending in "/", e.g. "assay/"',
      );
    }
    if (options.endpoint !== undefined) {
      const url = URL.canParse(options.endpoint) ? new URL(options.endpoint) : null;
      if (url === null || !['http:', 'https:'].includes(url.protocol)) {
        throw new RegistryError('invalid', 'Invalid S3 endpoint: expected an http(s):// URL');
      }
    }
    if (!options.accessKeyId || !options.secretAccessKey) {
      throw new RegistryError('invalid', 'S3 artifact store needs accessKeyId and secretAccessKey');
    }
    this.#bucket = options.bucket;
    this.#prefix = prefix;
    this.#spoolDir = resolve(spoolDir);
    this.#client = new S3Client({
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
      credentials: {
        accessKeyId: options.accessKeyId,
        secretAccessKey: options.secretAccessKey,
      },
      // We send our own sha256 checksum; no CRC trailers (aws-chunked) that some servers refuse.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  /** The object key of a storage key (validated: only checksum-derived keys are accepted). */
  objectKeyFor(storageKey: string, sha256: string): string {
    if (storageKey !== storageKeyFor(sha256)) {
      throw new RegistryError(
        'integrity',
        `Storage key ${storageKey} does not match sha256 ${sha256}`,
      );
    }
    return `${this.#prefix}${storageKey}`;
  }

  async put(
    source: ArtifactSource,
    options: { expectedSha256?: string } = {},
  ): Promise<StoredArtifact> {
    await mkdir(this.#spoolDir, { recursive: true });
    const spoolPath = join(this.#spoolDir, `${randomBytes(16).toString('hex')}.s3.part`);
    try {
      const hash = createHash('sha256');
      let sizeBytes = 0;
      const file = await open(spoolPath, 'wx', 0o600);
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
      } finally {
        await file.close();
      }
      if (sizeBytes === 0) throw new RegistryError('invalid', 'artifact is empty');
      const digest = hash.digest();
      const sha256 = digest.toString('hex');
      if (options.expectedSha256 !== undefined && options.expectedSha256 !== sha256) {
        throw new RegistryError(
          'invalid',
          `artifact sha256 is ${sha256} but ${options.expectedSha256} was expected`,
          { details: { expectedSha256: options.expectedSha256, actualSha256: sha256 } },
        );
      }
      const storageKey = storageKeyFor(sha256);
      const key = this.objectKeyFor(storageKey, sha256);
      if ((await this.#sizeOf(key)) !== sizeBytes) {
        await this.#call(`upload ${storageKey}`, () =>
          this.#client.send(
            new PutObjectCommand({
              Bucket: this.#bucket,
              Key: key,
              Body: createReadStream(spoolPath),
              ContentLength: sizeBytes,
              ContentType: 'application/octet-stream',
              ChecksumSHA256: digest.toString('base64'),
            }),
          ),
        );
      }
      return { sha256, sizeBytes, storageKey };
    } finally {
      await rm(spoolPath, { force: true });
    }
  }

  async read(storageKey: string, sha256: string, sizeBytes?: number): Promise<Uint8Array> {
    const key = this.objectKeyFor(storageKey, sha256);
    let bytes: Uint8Array;
    try {
      const object = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: key }),
      );
      if (object.Body === undefined) throw new Error('GetObject returned no body');
      bytes = await object.Body.transformToByteArray();
    } catch (error) {
      if (isMissing(error)) {
        throw new RegistryError('integrity', `Artifact ${storageKey} is missing from the bucket`, {
          cause: error,
        });
      }
      throw unavailable(`read ${storageKey}`, error);
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256 || (sizeBytes !== undefined && bytes.byteLength !== sizeBytes)) {
      throw new RegistryError(
        'integrity',
        `Artifact ${storageKey} is corrupt: its sha256 is ${actual} (${bytes.byteLength} bytes), expected ${sha256}`,
        { details: { expectedSha256: sha256, actualSha256: actual } },
      );
    }
    return bytes;
  }

  /** Size of an existing object, or `null` when there is none. */
  async #sizeOf(key: string): Promise<number | null> {
    try {
      const head = await this.#client.send(
        new HeadObjectCommand({ Bucket: this.#bucket, Key: key }),
      );
      return head.ContentLength ?? null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw unavailable(`look up ${key}`, error);
    }
  }

  async #call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw unavailable(what, error);
    }
  }
}

function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NoSuchKey' ||
      error.name === 'NotFound' ||
      error.$metadata.httpStatusCode === 404)
  );
}

function unavailable(what: string, error: unknown): RegistryError {
  const status =
    error instanceof S3ServiceException && error.$metadata.httpStatusCode !== undefined
      ? ` (HTTP ${error.$metadata.httpStatusCode})`
      : '';
  const reason =
    error instanceof Error ? `${error.name}: ${error.message}${status}` : String(error);
  return new RegistryError('unavailable', `Artifact store (S3) failed to ${what}: ${reason}`, {
    cause: error,
  });
}
