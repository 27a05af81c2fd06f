import type { S3ArtifactStoreOptions } from './artifacts/artifact-store.js';
import type { ArtifactSource } from './artifacts/local-artifact-store.js';
import type {
  AliasEvent,
  ApiKey,
  ArtifactFormat,
  DatasetFingerprint,
  Evaluation,
  EvaluationMetric,
  EvaluationStatus,
  Experiment,
  ExplanationSummary,
  InputSignature,
  MetricPoint,
  MetricPointInput,
  ModelAlias,
  ModelVersion,
  OutputSignature,
  Page,
  PageRequest,
  Params,
  Project,
  RegisteredModel,
  RegisteredModelWithVersions,
  Role,
  Run,
  Tags,
} from './types.js';

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

/** The registry: every read and write of the platform's models goes through this object. */
export interface Registry {
  readonly backend: 'embedded' | 'postgres';
  /** Resolves when the database answers; throws `RegistryError('unavailable')` otherwise. */
  ping(): Promise<void>;
  /** Releases the database (and the embedded data directory's lock). Idempotent. */
  close(): Promise<void>;
  projects: {
    create(input: { name: string; description?: string }, actor?: string): Promise<Project>;
    getByName(name: string): Promise<Project | null>;
    getById(id: string): Promise<Project | null>;
    list(page?: PageRequest): Promise<Page<Project>>;
  };
  apiKeys: {
    /**
     * Returns the plaintext key (`assay_<random base64url>`) exactly once. `key` supplies the
     * plaintext instead (`assay_` + 32–200 base64url characters, e.g. an `ASSAY_ADMIN_KEY`);
     * a key that already exists fails with `conflict`.
     */
    create(
      input: { projectId: string; role: Role; name?: string; key?: string },
      actor?: string,
    ): Promise<{ key: string; apiKey: ApiKey }>;
    /** A project's keys, newest first, revoked ones included; never a hash or plaintext. */
    list(projectId: string, page?: PageRequest): Promise<Page<ApiKey>>;
    /** `null` when the key is unknown, malformed or revoked. */
    authenticate(plaintext: string): Promise<ApiKey | null>;
    revoke(id: string, actor?: string): Promise<void>;
    /** Keys ever issued, revoked ones included. */
    count(): Promise<number>;
  };
  models: {
    register(
      input: { projectId: string; name: string; description?: string; tags?: Tags },
      actor?: string,
    ): Promise<RegisteredModel>;
    get(projectId: string, name: string): Promise<RegisteredModel | null>;
    /** Name order; each model carries all its versions, newest first. */
    list(projectId: string, page?: PageRequest): Promise<Page<RegisteredModelWithVersions>>;
  };
  versions: {
    create(input: {
      projectId: string;
      modelName: string;
      format: ArtifactFormat;
      artifact: ArtifactSource;
      expectedSha256?: string;
      description?: string;
      tags?: Tags;
      createdBy?: string;
      /** The run that produced the version: a run of the same project. */
      sourceRunId?: string;
      inputSignature?: InputSignature;
      outputSignature?: OutputSignature;
    }): Promise<ModelVersion>;
    /** Newest first. */
    list(projectId: string, modelName: string, page?: PageRequest): Promise<Page<ModelVersion>>;
    get(projectId: string, modelName: string, number: number): Promise<ModelVersion | null>;
    /** The artifact's bytes, verified against the version's sha256. */
    readArtifact(version: ModelVersion): Promise<Uint8Array>;
  };
  aliases: {
    /**
     * Points an alias at a version (creating the alias if needed) and appends the move to its
     * ledger. With `expectedRevision` (the revision read, 0 for a new alias) the move fails with
     * `conflict` if someone else moved the alias first.
     */
    set(
      input: {
        projectId: string;
        modelName: string;
        alias: string;
        version: number;
        expectedRevision?: number;
        reason?: string;
        /** A completed evaluation of this model the move rests on (`not_found` otherwise). */
        evaluationId?: string;
      },
      actor?: string,
    ): Promise<ModelAlias>;
    /** Detaches an alias (its ledger keeps the history). */
    remove(
      input: {
        projectId: string;
        modelName: string;
        alias: string;
        expectedRevision?: number;
        reason?: string;
      },
      actor?: string,
    ): Promise<ModelAlias>;
    get(projectId: string, modelName: string, alias: string): Promise<ModelAlias | null>;
    /** Name order. */
    list(projectId: string, modelName: string, page?: PageRequest): Promise<Page<ModelAlias>>;
    /** The alias's ledger, newest move first. */
    history(
      projectId: string,
      modelName: string,
      alias: string,
      page?: PageRequest,
    ): Promise<Page<AliasEvent>>;
    /** Which version held the alias at instant `at` (`null`: no alias then). */
    resolveAt(
      projectId: string,
      modelName: string,
      alias: string,
      at: Date | string,
    ): Promise<ModelVersion | null>;
  };
  evaluations: {
    /**
     * Records a batch test of version `version` of `modelName`: dataset fingerprint, metrics
     * (values, signatures, confidence intervals), explanation summaries. Status defaults to
     * `completed`. Alias moves may cite it (`aliases.set({ evaluationId })`).
     */
    create(input: {
      projectId: string;
      modelName: string;
      version: number;
      dataset: DatasetFingerprint;
      metrics: EvaluationMetric[];
      explanations?: ExplanationSummary[];
      status?: EvaluationStatus;
      createdBy?: string;
    }): Promise<Evaluation>;
    /** `null` when unknown or of another project. */
    get(projectId: string, id: string): Promise<Evaluation | null>;
    /** Newest first; optionally one model's, or one version's (`version` needs `modelName`). */
    list(
      projectId: string,
      filter?: { modelName?: string; version?: number },
      page?: PageRequest,
    ): Promise<Page<Evaluation>>;
  };
  experiments: {
    create(
      input: { projectId: string; name: string; description?: string; tags?: Tags },
      actor?: string,
    ): Promise<Experiment>;
    get(projectId: string, name: string): Promise<Experiment | null>;
    /** Name order. */
    list(projectId: string, page?: PageRequest): Promise<Page<Experiment>>;
  };
  runs: {
    /** Starts a run (status `running`). */
    create(input: {
      experimentId: string;
      parentRunId?: string;
      name?: string;
      params?: Params;
      tags?: Tags;
      createdBy?: string;
    }): Promise<Run>;
    get(id: string): Promise<Run | null>;
    /** Newest first. */
    list(experimentId: string, page?: PageRequest): Promise<Page<Run>>;
    /** Ends a running run (`conflict` if it has already ended). */
    finish(
      id: string,
      input: { status: 'finished' | 'failed' | 'killed' },
      actor?: string,
    ): Promise<Run>;
    /**
     * Stores 1–50 000 points atomically (one INSERT per batch). With `idempotencyKey`, a retry
     * with the same key on the same run returns the first call's result and stores nothing
     * again; the same key with different points fails with `conflict`.
     */
    logMetrics(
      runId: string,
      points: readonly MetricPointInput[],
      actor?: string,
      options?: { idempotencyKey?: string },
    ): Promise<{ count: number }>;
    /** One metric in step order; pages of 10 000 points by default, `limit` up to 100 000. */
    metricHistory(runId: string, key: string, page?: PageRequest): Promise<Page<MetricPoint>>;
  };
}
