import type {
  CompareModelsOptions,
  ComparisonReport,
  ComputeLimits,
  DatasetFingerprint,
  DatasetFormat,
  EvaluateModelOptions,
  EvaluationShardState,
  MetricResult,
  ModelEvaluation,
  OnnxModelOptions,
  predictRows,
  TextModelEvaluation,
  TFeatureRows,
  TTextEvaluationRequest,
} from '@assay/core';
import type {
  AutoMlArtifact,
  Hyperparameters,
  LearnerFamily,
  StudySummary,
  TAutoMlSettings,
  TrialOutcome,
  TrialRequest,
} from '@assay/core/automl';
import type { ArtifactFormat } from '@assay/registry';

/**
 * The study of an AutoML run, as a compute thread prepares it (and keeps it under `key`, the run's
 * id and the dataset's checksum, so that its trials do not featurize the folds again).
 */
export interface AutoMlStudyInput {
  key: string;
  dataset: { format: DatasetFormat; bytes: Uint8Array };
  settings: TAutoMlSettings;
}

/** A serialized model handed to a compute thread (which loads and caches its own copy). */
export interface ModelBytes {
  /** What the thread caches the loaded model under: the version's id and checksum. */
  key: string;
  format: ArtifactFormat;
  bytes: Uint8Array;
  /** `versionLoadOptions` of the version (ONNX: the output and feature names). */
  options?: OnnxModelOptions | undefined;
}

/** The CPU-bound part of a request or a job, as a compute thread receives it (structured-cloned). */
export type ComputeTask =
  | {
      kind: 'evaluation';
      model: ModelBytes;
      dataset: { format: DatasetFormat; bytes: Uint8Array };
      spec: Pick<EvaluateModelOptions, 'target' | 'features' | 'metrics' | 'confidence'>;
      /** Times each `predict` call of `batchRows` rows (a gate's latency check): `callMs`. */
      timing?: { batchRows: number } | undefined;
    }
  /** Predicts the same rows with a candidate and a baseline and compares them (`compareModels`). */
  | {
      kind: 'comparison';
      candidate: ModelBytes;
      baseline: ModelBytes;
      dataset: { format: DatasetFormat; bytes: Uint8Array };
      spec: Omit<
        CompareModelsOptions,
        'candidate' | 'baseline' | 'table' | 'onProgress' | 'signal'
      >;
    }
  /** One row range of a sharded batch test: its mergeable statistics (`evaluateShard`). */
  | {
      kind: 'evaluation-shard';
      model: ModelBytes;
      dataset: { format: DatasetFormat; bytes: Uint8Array };
      spec: Pick<EvaluateModelOptions, 'target' | 'features' | 'metrics'>;
      rowRange: { start: number; end: number };
    }
  /**
   * A text batch test (`evaluateTextModel`): outputs from the version's remote text endpoint
   * (`model`, sent through the thread's outbound fetch) or from a column of the dataset.
   */
  | {
      kind: 'text-evaluation';
      model?: ModelBytes | undefined;
      dataset: { format: DatasetFormat; bytes: Uint8Array };
      spec: TTextEvaluationRequest;
    }
  /** The shards' states merged and finished into one report (`finishShardedEvaluation`). */
  | { kind: 'evaluation-merge'; states: EvaluationShardState[] }
  | {
      kind: 'explanation';
      method: string;
      /** The explainer's input; `model` is absent when `model` below is given. */
      input: unknown;
      params: unknown;
      model?: ModelBytes;
    }
  | { kind: 'metric'; name: string; input: unknown; params: unknown }
  /** Prepares an AutoML run's study (target, featurization, guardrails, folds): its summary. */
  | ({ kind: 'automl-study' } & AutoMlStudyInput)
  /** One trial of an AutoML search, on the study prepared from the same input. */
  | ({ kind: 'automl-trial'; request: TrialRequest } & AutoMlStudyInput)
  /** The chosen pipeline refit on every row: the AutoML artifact. */
  | ({
      kind: 'automl-refit';
      choice: { family: LearnerFamily; hyperparameters: Hyperparameters };
      deadline: number;
    } & AutoMlStudyInput)
  /** Parses a dataset file (bounds checked first) and answers its shape only. */
  | { kind: 'dataset'; format: DatasetFormat; bytes: Uint8Array }
  /** Loads an uploaded artifact once, as its declared format, and answers whether it loads. */
  | {
      kind: 'artifact-check';
      format: ArtifactFormat;
      bytes: Uint8Array;
      options?: OnnxModelOptions | undefined;
    }
  /**
   * Predicts rows, positional or by feature name (matched in the thread, where the model's own
   * names are known); `featureNames` are the version's input signature's.
   */
  | { kind: 'predict'; model: ModelBytes; rows: TFeatureRows; featureNames?: string[] | undefined };

export interface ComputeResults {
  evaluation: { report: ModelEvaluation; fingerprint: DatasetFingerprint; callMs?: number[] };
  comparison: { report: ComparisonReport; fingerprint: DatasetFingerprint };
  'text-evaluation': { report: TextModelEvaluation; fingerprint: DatasetFingerprint };
  'evaluation-shard': { state: EvaluationShardState; fingerprint: DatasetFingerprint };
  'evaluation-merge': ModelEvaluation;
  explanation: Record<string, unknown>;
  metric: MetricResult;
  dataset: { rows: number; columns: string[] };
  'automl-study': StudySummary;
  'automl-trial': TrialOutcome;
  'automl-refit': AutoMlArtifact;
  /** The model's input width, or why the bytes do not load as the declared format. */
  'artifact-check': { loads: true; features: number } | { loads: false; reason: string };
  predict: Awaited<ReturnType<typeof predictRows>> & { features: string[] };
}

/** What every compute thread is started with. */
export interface ComputeThreadData {
  limits: ComputeLimits;
  /** Loaded models a thread keeps (least recently used out). */
  modelCacheSize: number;
  /**
   * `ASSAY_REMOTE_ALLOWED_HOSTS`: a thread builds its own outbound policy from it, through which
   * remote models send (functions do not cross to a thread).
   */
  remoteAllowedHosts: string;
  /** `ASSAY_REMOTE_MAX_RESPONSE_BYTES`: the largest answer a remote model may send. */
  remoteMaxResponseBytes?: number | undefined;
}

/** An error as it crosses the thread boundary (classes do not survive a structured clone). */
export interface SerializedError {
  name: string;
  message: string;
  /** An AssayError's code and issues. */
  code?: string;
  issues?: { path: (string | number)[]; message: string }[];
  /** A LimitExceededError's bound, limit and actual size. */
  bound?: string;
  limit?: number;
  actual?: number;
  /** A RemoteModelError's url and status. */
  url?: string;
  status?: number;
}

/** Parent → thread: one task, by id (a thread runs one at a time). */
export interface ComputeRequest {
  id: number;
  task: ComputeTask;
}

/** Thread → parent, about the task `id`. */
export type ComputeMessage = { id: number } & (
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: SerializedError }
);
