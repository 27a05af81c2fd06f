import type { ComputeLimits, TFeatureRows } from '@assay/core';
import type { ComputeResults, ModelBytes } from '../jobs/compute/protocol.js';

/** What the shadow thread is started with. */
export interface ShadowThreadData {
  limits: ComputeLimits;
  modelCacheSize: number;
  remoteAllowedHosts: string;
  remoteMaxResponseBytes?: number | undefined;
  /** Niceness the thread gives itself (Linux, per thread id); 0 leaves it alone. */
  nice: number;
  /** A local copy whose prediction took longer than this answers `timeout`. */
  timeoutMs: number;
}

/** One mirrored copy, as the shadow thread receives it. */
export interface ShadowCopyMessage {
  seq: number;
  /** The candidate's `ModelBytes.key`; its bytes come once per thread in `models`. */
  key: string;
  rows: TFeatureRows;
  featureNames: string[] | undefined;
  remote: boolean;
  /** Epoch ms (`performance.timeOrigin + performance.now()`) after which the copy is stale. */
  deadlineAt: number;
}

/** The main thread's message: the copies of the last few milliseconds, and models not yet sent. */
export interface ShadowBatchMessage {
  models: ModelBytes[];
  copies: ShadowCopyMessage[];
}

/** How a copy ended in the shadow thread; `latencyMs` is the candidate's own time. */
export type ShadowAnswer =
  | { seq: number; outcome: 'ok'; output: Record<string, unknown>; latencyMs: number }
  | { seq: number; outcome: 'error'; error: string; latencyMs: number }
  /** The prediction answered, but later than the shadow timeout. */
  | { seq: number; outcome: 'timeout'; latencyMs: number }
  /** The copy's time ran out before it started: shed, not the candidate's doing. */
  | { seq: number; outcome: 'stale' }
  /** The thread no longer holds the model's bytes: the copy comes again with them. */
  | { seq: number; outcome: 'missing' };

/** The shadow thread's first message: it has loaded; its Linux thread id, if known. */
export interface ShadowReadyMessage {
  ready: true;
  tid: number | null;
}

/** The shadow thread's message: the copies that ended since its last one. */
export interface ShadowAnswersMessage {
  answers: ShadowAnswer[];
}

/** What the log keeps of a prediction: the outputs, and a classifier's classes and decisions. */
export function outputOf(result: ComputeResults['predict']): Record<string, unknown> {
  const { features: _features, ...output } = result;
  return output as Record<string, unknown>;
}
