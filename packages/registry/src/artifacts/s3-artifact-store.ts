import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { RegistryError } from '../errors.js';
import type {
  ArtifactSource,
  ArtifactStore,
  ListedArtifact,
  S3ArtifactStoreOptions,
  StoredArtifact,
} from './artifact-store.js';
import { chunksOf, removeStaleFiles, storageKeyFor } from './local-artifact-store.js';

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const OBJECT_KEY = /sha256\/([0-9a-f]{2})\/([0-9a-f]{62})$/;

/** Parts of a multipart upload. @default 8 MiB (S3's minimum is 5 MiB, except the last part). */
export const DEFAULT_PART_BYTES = 8 * 1024 * 1024;
const PREFIX = /^([A-Za-z0-9._-]+\/)*$/;

/**
 * Artifacts in an S3-compatible bucket, content-addressed like the local store:
 * `<prefix>sha256/ab/cdef…`. Nothing a user supplies becomes part of a key.
 *
 * A write streams the source to a local spool file while hashing it (the key is the checksum, so
 * it is known only at the end), then uploads the file under its final key: with `PutObject` up to
 * one part's size, else as a multipart upload of parts streamed from the spool file (never the
 * whole artifact in memory), aborted if any step fails. Every request carries
 * `x-amz-checksum-sha256` (of the object, or of the part) so that the server rejects corrupted
 * bytes. Both are atomic: readers see the whole object or none. An object that already exists with
 * the same size is not uploaded again (same content, same key) but copied onto itself, which
 * renews its LastModified: `gc` only deletes objects older than its grace period, so a reused
 * object is not deleted under a registration that is about to reference it. Every read re-hashes.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #spoolDir: string;
  readonly #partBytes: number;

  /** `tuning.partBytes` exists for tests (a stub accepts parts below S3's 5 MiB minimum). */
  constructor(
    options: S3ArtifactStoreOptions,
    spoolDir: string,
    tuning: { partBytes?: number } = {},
  ) {
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
    this.#partBytes = tuning.partBytes ?? DEFAULT_PART_BYTES;
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
      if ((await this.#sizeOf(key)) === sizeBytes) {
        await this.#call(`renew ${storageKey}`, () =>
          this.#client.send(
            new CopyObjectCommand({
              Bucket: this.#bucket,
              Key: key,
              CopySource: `${this.#bucket}/${key}`,
              MetadataDirective: 'REPLACE',
              ContentType: 'application/octet-stream',
            }),
          ),
        );
      } else if (sizeBytes <= this.#partBytes) {
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
      } else {
        await this.#uploadInParts(key, storageKey, spoolPath, sizeBytes);
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

  /** Every stored artifact under `<prefix>sha256/` (other objects of the bucket are ignored). */
  async *list(): AsyncIterable<ListedArtifact> {
    let token: string | undefined;
    do {
      const page = await this.#call('list artifacts', () =>
        this.#client.send(
          new ListObjectsV2Command({
            Bucket: this.#bucket,
            Prefix: `${this.#prefix}sha256/`,
            ContinuationToken: token,
          }),
        ),
      );
      for (const object of page.Contents ?? []) {
        const match = object.Key === undefined ? null : OBJECT_KEY.exec(object.Key);
        if (match === null || object.Key !== `${this.#prefix}${match[0]}`) continue;
        const sha256 = `${match[1]}${match[2]}`;
        yield {
          storageKey: storageKeyFor(sha256),
          sha256,
          sizeBytes: object.Size ?? 0,
          modifiedAt: object.LastModified ?? new Date(0),
        };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  /**
   * Deletes an artifact unless it changed after `unmodifiedSince` (re-checked just before: a
   * registration may have renewed it since it was listed). `false` when kept or already gone.
   */
  async delete(storageKey: string, sha256: string, unmodifiedSince: Date): Promise<boolean> {
    const key = this.objectKeyFor(storageKey, sha256);
    let modified: Date | undefined;
    try {
      const head = await this.#client.send(
        new HeadObjectCommand({ Bucket: this.#bucket, Key: key }),
      );
      modified = head.LastModified;
    } catch (error) {
      if (isMissing(error)) return false;
      throw unavailable(`look up ${key}`, error);
    }
    if (modified === undefined || modified > unmodifiedSince) return false;
    await this.#call(`delete ${storageKey}`, () =>
      this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key })),
    );
    return true;
  }

  /** Spool files of uploads that died (the spool directory is this store's alone). */
  async removeStaleTemporaryFiles(olderThan: Date): Promise<number> {
    return removeStaleFiles(this.#spoolDir, olderThan);
  }

  /**
   * A multipart upload streamed part by part from the spool file, each part with its own sha256.
   * Any failure aborts the upload, so the bucket keeps no orphaned parts (and no object appears).
   */
  async #uploadInParts(
    key: string,
    storageKey: string,
    spoolPath: string,
    sizeBytes: number,
  ): Promise<void> {
    const created = await this.#call(`start the upload of ${storageKey}`, () =>
      this.#client.send(
        new CreateMultipartUploadCommand({
          Bucket: this.#bucket,
          Key: key,
          ContentType: 'application/octet-stream',
          ChecksumAlgorithm: 'SHA256',
        }),
      ),
    );
    const uploadId = created.UploadId;
    if (uploadId === undefined) {
      throw new RegistryError(
        'unavailable',
        `Artifact store (S3) returned no upload id for ${storageKey}`,
      );
    }
    try {
      const parts: { PartNumber: number; ETag: string | undefined; ChecksumSHA256: string }[] = [];
      for (let start = 0, number = 1; start < sizeBytes; start += this.#partBytes, number += 1) {
        const end = Math.min(start + this.#partBytes, sizeBytes);
        const checksum = await sha256OfRange(spoolPath, start, end);
        const part = await this.#call(`upload part ${number} of ${storageKey}`, () =>
          this.#client.send(
            new UploadPartCommand({
              Bucket: this.#bucket,
              Key: key,
              UploadId: uploadId,
              PartNumber: number,
              Body: createReadStream(spoolPath, { start, end: end - 1 }),
              ContentLength: end - start,
              ChecksumSHA256: checksum,
            }),
          ),
        );
        parts.push({ PartNumber: number, ETag: part.ETag, ChecksumSHA256: checksum });
      }
      await this.#call(`complete the upload of ${storageKey}`, () =>
        this.#client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.#bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts },
          }),
        ),
      );
    } catch (error) {
      try {
        await this.#client.send(
          new AbortMultipartUploadCommand({ Bucket: this.#bucket, Key: key, UploadId: uploadId }),
        );
      } catch (abortError) {
        throw new RegistryError(
          'unavailable',
          `${(error as Error).message}; aborting multipart upload ${uploadId} failed too (the bucket keeps its parts until a lifecycle rule removes them): ${(abortError as Error).message}`,
          { cause: error },
        );
      }
      throw error;
    }
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

async function sha256OfRange(path: string, start: number, end: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { start, end: end - 1 })) hash.update(chunk);
  return hash.digest('base64');
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
