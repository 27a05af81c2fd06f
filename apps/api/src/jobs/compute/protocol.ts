import type {
  DatasetFingerprint,
  DatasetFormat,
  EvaluateModelOptions,
  ModelEvaluation,
  OnnxModelOptions,
} from '@assay/core';
import type { ArtifactFormat } from '@assay/registry';

/** A serialized model handed to the compute thread (it loads its own copy). */
export interface ModelBytes {
  format: ArtifactFormat;
  bytes: Uint8Array;
  /** `versionLoadOptions` of the version (ONNX: the output and feature names). */
  options?: OnnxModelOptions;
  /**
   * `ASSAY_REMOTE_ALLOWED_HOSTS`: a remote model's requests go through the outbound policy
   * the thread builds from it (functions do not cross to a thread).
   */
  remoteAllowedHosts: string;
}

/** The CPU-bound part of a job, as the compute thread receives it (structured-cloned). */
export type ComputeTask =
  | {
      kind: 'evaluation';
      model: ModelBytes;
      dataset: { format: DatasetFormat; bytes: Uint8Array };
      spec: Pick<EvaluateModelOptions, 'target' | 'features' | 'metrics' | 'confidence'>;
    }
  | {
      kind: 'explanation';
      method: string;
      /** The explainer's input; `model` is absent when `model` below is given. */
      input: unknown;
      params: unknown;
      model?: ModelBytes;
    };

export interface ComputeResults {
  evaluation: { report: ModelEvaluation; fingerprint: DatasetFingerprint };
  explanation: Record<string, unknown>;
}

/** An error as it crosses the thread boundary (classes do not survive a structured clone). */
export interface SerializedError {
  name: string;
  message: string;
  /** An AssayError's code and issues. */
  code?: string;
  issues?: { path: (string | number)[]; message: string }[];
  /** A RemoteModelError's url and status. */
  url?: string;
  status?: number;
}

export type ComputeMessage =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: SerializedError };
