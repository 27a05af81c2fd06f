import type { ArtifactSource, S3ArtifactStoreOptions } from './artifacts/artifact-store.js';
import type {
  AliasEvent,
  ApiKey,
  ArtifactFormat,
  Dataset,
  DatasetFingerprint,
  DatasetFormat,
  Evaluation,
  EvaluationMetric,
  EvaluationStatus,
  Experiment,
  ExplanationSummary,
  InputSignature,
  Job,
  JobKind,
  JobStatus,
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
      /** The stored dataset it ran on: same project, same sha256 as `dataset` (`not_found` / `invalid`). */
      datasetId?: string;
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
  artifacts: {
    /**
     * Deletes stored artifacts (version artifacts, dataset bytes) that no version and no dataset
     * references and that are older than `graceMs` (default a day, at least a minute: artifacts
     * of registrations in flight are younger), plus leftover temporary files; `dryRun` only
     * reports. Audited.
     */
    gc(
      options?: { graceMs?: number; dryRun?: boolean },
      actor?: string,
    ): Promise<{
      deleted: { storageKey: string; sha256: string; sizeBytes: number }[];
      bytesFreed: number;
      referenced: number;
      recent: number;
      temporaryFilesRemoved: number;
    }>;
  };
  datasets: {
    /**
     * Stores the bytes in the artifact store (content-addressed, verified against
     * `expectedSha256`), then the row: a failure in between leaves an unreferenced blob, never a
     * row without bytes. `rows` and `columns` are the caller's (it parses the data first).
     */
    create(input: {
      projectId: string;
      name?: string;
      format: DatasetFormat;
      artifact: ArtifactSource;
      expectedSha256?: string;
      rows: number;
      columns: string[];
      createdBy?: string;
    }): Promise<Dataset>;
    /** `null` when unknown, of another project, or `id` is malformed. */
    get(projectId: string, id: string): Promise<Dataset | null>;
    /** Newest first. */
    list(projectId: string, page?: PageRequest): Promise<Page<Dataset>>;
    /** The bytes, verified against the dataset's sha256 and size (`integrity` otherwise). */
    read(dataset: Dataset): Promise<Uint8Array>;
  };
  /**
   * Long-running work (evaluations, explanations…). The row is the source of truth; a queue may
   * carry its id. A claim returns an `attempt` number: the attempt owns the job while it runs and
   * no later claim happened, and only the owner may heartbeat, complete, fail or mark it cancelled.
   */
  jobs: {
    /**
     * Queues a job. `maxAttempts` (claims allowed) defaults to 3, at most 10. With an
     * `idempotencyKey`, a retry of the same request in the project returns the first job; the
     * key with another request fails with `conflict`.
     */
    create(input: {
      projectId: string;
      kind: JobKind;
      input: Record<string, unknown>;
      maxAttempts?: number;
      createdBy?: string;
      idempotencyKey?: string;
      /** Identifies the request behind the key (hex sha256). @default of kind and input */
      requestSha256?: string;
    }): Promise<Job>;
    /**
     * The job a request with `idempotencyKey` created in the project (`null`: none yet);
     * `conflict` when the key was used for a request with another `requestSha256`.
     */
    findByIdempotencyKey(
      projectId: string,
      idempotencyKey: string,
      requestSha256: string,
    ): Promise<Job | null>;
    /** `null` when unknown, of another project, or `id` is malformed. */
    get(projectId: string, id: string): Promise<Job | null>;
    /** For workers, which only hold the id. */
    getById(id: string): Promise<Job | null>;
    /** Jobs in each state across projects (the queue's depth, for monitoring). */
    countByStatus(): Promise<Record<JobStatus, number>>;
    /**
     * Jobs no worker is on, across projects, oldest first: queued for longer than `queuedForMs`,
     * or running on an expired lease (for a sweeper that hands them to a queue again).
     */
    listStranded(options: {
      queuedForMs: number;
      limit?: number;
    }): Promise<{ id: string; kind: JobKind }[]>;
    /** Newest first. */
    list(
      projectId: string,
      filter?: { status?: JobStatus; kind?: JobKind },
      page?: PageRequest,
    ): Promise<Page<Job>>;
    /**
     * Claims a job for `workerId`: status `running`, attempts + 1, `workerId`, `startedAt` (first
     * claim only), lease until now + `leaseMs` (database clock).
     * Without `jobId`: the oldest claimable job (queued, or running with an expired lease), of
     * `kinds` if given; concurrent claimers never get the same job (`FOR UPDATE SKIP LOCKED`).
     * With `jobId`: that job if it is queued or running, whatever its lease (the queue decided its
     * worker stalled).
     * A claimable job that has used `maxAttempts` becomes `failed` ("gave up after N attempts: the
     * worker stopped each time"); one whose cancellation was requested becomes `cancelled`;
     * neither is returned (without `jobId` the search goes on). `null` when nothing is claimable.
     */
    claim(
      workerId: string,
      options: { leaseMs: number; jobId?: string; kinds?: JobKind[] },
    ): Promise<{ job: Job; attempt: number } | null>;
    /**
     * Extends the lease and records progress (`fraction` in 0..1). `null` when `attempt` no longer
     * owns the job (stop working); otherwise whether cancellation was requested (then stop and
     * call `markCancelled`). Not audited: it is liveness, not a decision.
     */
    heartbeat(
      id: string,
      attempt: number,
      options: { leaseMs: number; progress?: { fraction: number; message?: string } },
    ): Promise<{ cancelRequested: boolean } | null>;
    /**
     * Success, stored once: in one transaction, locks the job, checks that `attempt` owns it
     * (`conflict` otherwise), stores `evaluation` if given (as `evaluations.create`; same project
     * as the job) and sets status `succeeded`, progress 1, result, evaluationId, finishedAt.
     */
    complete(
      id: string,
      attempt: number,
      outcome: {
        result: Record<string, unknown>;
        evaluation?: Parameters<Registry['evaluations']['create']>[0];
      },
    ): Promise<Job>;
    /** Failure, not retried, by the owning attempt (`conflict` otherwise). */
    fail(id: string, attempt: number, error: { title: string; detail: string }): Promise<Job>;
    /**
     * The owning attempt stopped because cancellation was requested: status `cancelled`.
     * `conflict` when it does not own the job or no cancellation was requested.
     */
    markCancelled(id: string, attempt: number): Promise<Job>;
    /**
     * A user cancels: queued → `cancelled` at once; running → `cancelRequested` (the worker stops
     * at its next heartbeat; idempotent); ended → `conflict`. `not_found` for an unknown job or one
     * of another project.
     */
    cancel(projectId: string, id: string, actor?: string): Promise<Job>;
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
