import type { S3ArtifactStoreOptions } from './artifacts/artifact-store.js';
import type { createRegistry } from './create-registry.js';

export interface OpenRegistryOptions {
  /** `postgres://…` or `postgresql://…` → PostgreSQL; absent → embedded PGlite. */
  databaseUrl?: string;
  /** Embedded database and artifacts root. @default `${process.cwd()}/.assay-data` */
  dataDir?: string;
  /**
   * Artifact store root (with `s3`: only the spool directory of uploads).
   * @default `${dataDir}/artifacts`
   */
  artifactDir?: string;
  /**
   * Keep artifacts in an S3-compatible bucket instead of `artifactDir` (the API maps its
   * `ASSAY_S3_ENDPOINT`, `ASSAY_S3_BUCKET`, `ASSAY_S3_REGION`, `ASSAY_S3_ACCESS_KEY_ID`,
   * `ASSAY_S3_SECRET_ACCESS_KEY`, `ASSAY_S3_PREFIX` here).
   */
  s3?: S3ArtifactStoreOptions;
}

/**
 * The registry: every read and write of the platform's models goes through this object. Derived
 * from the facade (`createRegistry`), which binds each entity folder's functions: each method's
 * signature and TSDoc are those of the function behind it (e.g. `models.register` is `register`
 * in `models/register-model.ts`).
 */
export type Registry = ReturnType<typeof createRegistry>;
