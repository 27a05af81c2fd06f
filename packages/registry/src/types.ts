// Domain types: plain objects, dates as ISO-8601 strings. Never Prisma types. Each entity's
// response shape is also a zod schema (`entities.ts`), checked equal to its type here at compile
// time; enumerations come from `enums.ts`.

import type {
  ARTIFACT_FORMATS,
  DATASET_FORMATS,
  EVALUATION_STATUSES,
  FEATURE_TYPES,
  JOB_KINDS,
  JOB_STATUSES,
  ROLES,
  RUN_STATUSES,
} from './enums.js';

export type Role = (typeof ROLES)[number];
export type ArtifactFormat = (typeof ARTIFACT_FORMATS)[number];
export type Tags = Record<string, string>;

export interface PageRequest {
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  /** Page size. @default 50 (at most 500) */
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Cursor of the next page, or `null` on the last page. */
  nextCursor: string | null;
}

export interface Project {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
}

/** An API key as stored: its hash is never part of it. */
export interface ApiKey {
  id: string;
  projectId: string;
  name: string | null;
  /** First characters of the key (e.g. `assay_Ab3x9Q`), to tell keys apart in a list. */
  prefix: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

export interface RegisteredModel {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  tags: Tags;
  createdAt: string;
  updatedAt: string;
}

/** Feature types of an input signature. */
export type FeatureType = (typeof FEATURE_TYPES)[number];

/** The columns a model version expects, in order. */
export interface InputSignature {
  features: { name: string; type: FeatureType }[];
}

/** What a model version predicts per row (the core's `ModelOutput`). */
export type OutputSignature =
  | { kind: 'regression'; nOutputs: number }
  | { kind: 'probability'; classes: [string | number, string | number] }
  | { kind: 'probabilities'; classes: (string | number)[] };

export interface ModelVersion {
  id: string;
  modelId: string;
  projectId: string;
  modelName: string;
  /** 1, 2, 3… per model. */
  number: number;
  format: ArtifactFormat;
  /** Hex sha256 of the artifact bytes. */
  sha256: string;
  sizeBytes: number;
  /** `sha256/ab/cdef…`: derived from the checksum only. */
  storageKey: string;
  description: string | null;
  tags: Tags;
  /** The run that produced the version (same project), if one was named. */
  sourceRunId: string | null;
  inputSignature: InputSignature | null;
  outputSignature: OutputSignature | null;
  createdBy: string | null;
  createdAt: string;
}

export interface RegisteredModelWithVersions extends RegisteredModel {
  /** Every version of the model, newest first. */
  versions: ModelVersion[];
}

/** Where an alias of a model points now. */
export interface ModelAlias {
  id: string;
  projectId: string;
  modelId: string;
  modelName: string;
  /** The alias name, e.g. `production`. */
  name: string;
  /** The version number it points at; `null` once removed. */
  version: number | null;
  versionId: string | null;
  /** Optimistic-concurrency token: 1 after creation, +1 per move. Pass it as `expectedRevision`. */
  revision: number;
  updatedAt: string;
}

/** One entry of an alias's append-only ledger. */
export interface AliasEvent {
  id: string;
  projectId: string;
  modelName: string;
  alias: string;
  /** The alias's revision after this move. */
  revision: number;
  fromVersion: number | null;
  /** `null` when the move removed the alias. */
  toVersion: number | null;
  actor: string;
  reason: string | null;
  evaluationId: string | null;
  at: string;
}

export type RunStatus = (typeof RUN_STATUSES)[number];
/** Run parameters: flat, JSON scalar values. */
export type Params = Record<string, string | number | boolean | null>;

export interface Experiment {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  tags: Tags;
  createdAt: string;
}

export interface Run {
  id: string;
  projectId: string;
  experimentId: string;
  parentRunId: string | null;
  name: string | null;
  status: RunStatus;
  params: Params;
  tags: Tags;
  createdBy: string | null;
  startedAt: string;
  endedAt: string | null;
}

/** A metric value to log. */
export interface MetricPointInput {
  key: string;
  value: number;
  /** @default 0 */
  step?: number;
  /** @default now */
  timestamp?: string | Date;
}

export interface MetricPoint {
  key: string;
  step: number;
  value: number;
  timestamp: string;
}

export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

/** JSON values, as stored in an evaluation's signatures and summaries. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** The data an evaluation ran on. */
export interface DatasetFingerprint {
  /** Hex sha256 of the dataset's bytes. */
  sha256: string;
  rows: number;
  /** Column names, in order. */
  columns: string[];
}

export interface ConfidenceInterval {
  lower: number;
  upper: number;
  /** e.g. 0.95 */
  level: number;
  method?: string;
}

export interface EvaluationMetric {
  name: string;
  /** `null` when the metric is undefined on this data. */
  value: number | null;
  /** What makes two values comparable (params, averaging, positive label, core version…). */
  signature?: Record<string, JsonValue>;
  confidenceInterval?: ConfidenceInterval;
  /** The metric's structured result (matrices, curves, per-group tables), as JSON. */
  result?: Record<string, JsonValue>;
  /** Why `result` is absent although the metric had one (too large to store). */
  resultOmitted?: string;
}

export interface ExplanationSummary {
  explainer: string;
  summary: Record<string, JsonValue>;
}

/** A batch test of one model version on one dataset. */
export interface Evaluation {
  id: string;
  projectId: string;
  modelId: string;
  modelName: string;
  /** The evaluated version's number. */
  version: number;
  versionId: string;
  status: EvaluationStatus;
  dataset: DatasetFingerprint;
  metrics: EvaluationMetric[];
  explanations: ExplanationSummary[];
  /** The stored dataset it ran on, if the caller named one. */
  datasetId: string | null;
  createdBy: string | null;
  createdAt: string;
}

export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** A dataset stored once (bytes in the artifact store) and referred to by id. */
export interface Dataset {
  id: string;
  projectId: string;
  name: string | null;
  format: DatasetFormat;
  /** Hex sha256 of the bytes (the evaluation fingerprint's `sha256`). */
  sha256: string;
  sizeBytes: number;
  rows: number;
  /** Column names, in order. */
  columns: string[];
  createdBy: string | null;
  createdAt: string;
}

export type JobKind = (typeof JOB_KINDS)[number];
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Work run outside the request that asked for it; the database row is the source of truth. */
export interface Job {
  id: string;
  projectId: string;
  kind: JobKind;
  status: JobStatus;
  /** The request, as JSON (datasets by id, never the data). */
  input: Record<string, unknown>;
  /** `fraction` in 0..1, as last reported by the worker. */
  progress: { fraction: number; message: string | null };
  /** Set once, on success. */
  result: Record<string, unknown> | null;
  /** Set on failure. */
  error: { title: string; detail: string } | null;
  /** The evaluation a successful evaluation job stored. */
  evaluationId: string | null;
  /** Claims so far: the running attempt's number. */
  attempts: number;
  maxAttempts: number;
  /** A user asked to cancel a running job: its worker stops at its next heartbeat. */
  cancelRequested: boolean;
  /** The worker of the latest claim. */
  workerId: string | null;
  createdBy: string | null;
  createdAt: string;
  /** The first claim. */
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}
