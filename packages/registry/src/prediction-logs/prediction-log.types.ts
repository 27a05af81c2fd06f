import { z } from 'zod';
import { type Check, type PREDICTION_ROLES, type Same } from '../common.js';
import type { PredictionOutcome } from '../shadow-tests/shadow-test.types.js';
import { ZPredictionOutcomeSchema, ZPredictionRoleSchema } from './prediction-log.schemas.js';

export type PredictionRole = (typeof PREDICTION_ROLES)[number];

/**
 * One row to append to the prediction log, as the API's buffered writer sends it (checked without
 * zod: this is the hot path).
 */
export interface PredictionLogInput {
  projectId: string;
  modelId: string;
  requestId: string;
  role: PredictionRole;
  versionId: string | null;
  version: number | null;
  shadowTestId: string | null;
  at: Date | string;
  inputSha256: string;
  inputs?: unknown;
  output: Record<string, unknown> | null;
  outcome: PredictionOutcome;
  latencyMs: number;
  error?: string | null;
}

/** A stored row of the prediction log. */
export interface PredictionLogEntry {
  id: string;
  requestId: string;
  role: PredictionRole;
  version: number | null;
  shadowTestId: string | null;
  at: string;
  inputSha256: string;
  /** The rows as sent, when the model's policy keeps inputs; else `null`. */
  inputs: unknown;
  output: Record<string, unknown> | null;
  outcome: PredictionOutcome;
  latencyMs: number;
  error: string | null;
}

/** What one call of `addLabels` did. */
export interface LabelsResult {
  received: number;
  /** Newly stored. */
  stored: number;
  /** Already stored with the same value (a retry): left as they were. */
  unchanged: number;
}

/** A model's prediction-log policy. */
export interface LogPolicy {
  modelName: string;
  /** Whether the log keeps a prediction's inputs (default off: their sha256 only). */
  logInputs: boolean;
}

export const ZPredictionLogEntrySchema = z
  .object({
    id: z.string(),
    requestId: z.string(),
    role: ZPredictionRoleSchema,
    version: z.number().int().nullable(),
    shadowTestId: z.string().nullable(),
    at: z.string(),
    inputSha256: z.string(),
    inputs: z.unknown(),
    output: z.record(z.string(), z.unknown()).nullable(),
    outcome: ZPredictionOutcomeSchema,
    latencyMs: z.number(),
    error: z.string().nullable(),
  })
  .meta({ id: 'PredictionLogEntry' });

export const ZLabelsResultSchema = z
  .object({ received: z.number().int(), stored: z.number().int(), unchanged: z.number().int() })
  .meta({ id: 'LabelsResult' });

export const ZLogPolicySchema = z
  .object({ modelName: z.string(), logInputs: z.boolean() })
  .meta({ id: 'LogPolicy' });

type _ShapeChecks = [
  Check<Same<z.output<typeof ZLabelsResultSchema>, LabelsResult>>,
  Check<Same<z.output<typeof ZLogPolicySchema>, LogPolicy>>,
  Check<
    Same<
      Omit<z.output<typeof ZPredictionLogEntrySchema>, 'output'>,
      Omit<PredictionLogEntry, 'output'>
    >
  >,
];
