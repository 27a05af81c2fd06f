// The interface and the types it names, in a file of their own: the stores import it, it imports
// no store.

/** Where an artifact was put: its checksum, size and the key derived from the checksum. */
export interface StoredArtifact {
  sha256: string;
  sizeBytes: number;
  storageKey: string;
}

/** Bytes to store: whole, or streamed in chunks. */
export type ArtifactSource = Uint8Array | AsyncIterable<Uint8Array>;

/**
 * Where artifact bytes live: content-addressed by sha256 (`sha256/ab/cdef…`), written whole or
 * not at all, verified on every read. Implemented by a local directory (the default) and an
 * S3-compatible bucket.
 */
export interface ArtifactStore {
  /**
   * Stores the bytes under the key their sha256 gives. Fails with `invalid` (storing nothing)
   * when the source is empty or its sha256 is not `expectedSha256`.
   */
  put(source: ArtifactSource, options?: { expectedSha256?: string }): Promise<StoredArtifact>;
  /**
   * The bytes stored under `storageKey`, checked against `sha256` (and `sizeBytes`): `integrity`
   * when missing, altered or when the key does not derive from the checksum.
   */
  read(storageKey: string, sha256: string, sizeBytes?: number): Promise<Uint8Array>;
  /** Every stored artifact, in no particular order. */
  list(): AsyncIterable<ListedArtifact>;
  /**
   * Deletes an artifact unless it was written (or, for a reused object, renewed) after
   * `unmodifiedSince`, re-checked just before deleting. `false` when kept or already gone.
   */
  delete(storageKey: string, sha256: string, unmodifiedSince: Date): Promise<boolean>;
  /** Removes leftovers of writes that died (temporary and spool files) older than `olderThan`. */
  removeStaleTemporaryFiles(olderThan: Date): Promise<number>;
}

export interface ListedArtifact {
  storageKey: string;
  sha256: string;
  sizeBytes: number;
  /** When the bytes were written, or last renewed by a write of the same content. */
  modifiedAt: Date;
}

/** An S3-compatible bucket (AWS S3, MinIO, Ceph RGW, R2…) holding the artifacts. */
export interface S3ArtifactStoreOptions {
  /** e.g. `https://s3.eu-west-1.amazonaws.com` or `http://minio:9000`. @default AWS for `region` */
  endpoint?: string;
  bucket: string;
  /** @default 'us-east-1' */
  region?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key prefix inside the bucket, e.g. `assay/` (`[A-Za-z0-9._/-]`, ending in `/`). @default '' */
  prefix?: string;
  /** Path-style URLs (`endpoint/bucket/key`), what most S3-compatible servers want. @default true when `endpoint` is set */
  forcePathStyle?: boolean;
}
