import { z } from 'zod';
import {
  type Check,
  PREDICTION_OUTCOMES,
  type Same,
  type SHADOW_TEST_STATUSES,
} from '../common.js';
import { ZShadowTestStatusSchema } from './shadow-test.schemas.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schemas, checked equal at compile time.

export type ShadowTestStatus = (typeof SHADOW_TEST_STATUSES)[number];

/** What a shadow test mirrors to. */
export type ShadowCandidate =
  | { kind: 'version'; version: number; versionId: string }
  | { kind: 'remote'; remote: Record<string, unknown> };

/** A shadow (or staging) test on an alias of a model. */
export interface ShadowTest {
  id: string;
  projectId: string;
  modelId: string;
  modelName: string;
  alias: string;
  candidate: ShadowCandidate;
  sampleFraction: number;
  endsAt: string | null;
  maxRequests: number | null;
  /** Mirrored requests logged so far. */
  mirrored: number;
  /** `running` until stopped, or until its end (time or count): then `completed`. */
  status: ShadowTestStatus;
  createdBy: string | null;
  createdAt: string;
  endedAt: string | null;
}

export const ZShadowCandidateOutSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('version'), version: z.number().int(), versionId: z.string() }),
  z.object({ kind: z.literal('remote'), remote: z.record(z.string(), z.unknown()) }),
]);

export const ZShadowTestSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    modelId: z.string(),
    modelName: z.string(),
    alias: z.string(),
    candidate: ZShadowCandidateOutSchema,
    sampleFraction: z.number(),
    endsAt: z.string().nullable(),
    maxRequests: z.number().int().nullable(),
    mirrored: z.number().int(),
    status: ZShadowTestStatusSchema,
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    endedAt: z.string().nullable(),
  })
  .meta({ id: 'ShadowTest' });

export type PredictionOutcome = (typeof PREDICTION_OUTCOMES)[number];

/** One answer in a shadow test's pairs: outcome, latency and output (`null` unless `ok`). */
export interface ShadowAnswer {
  outcome: PredictionOutcome;
  latencyMs: number;
  output: Record<string, unknown> | null;
}

/** A mirrored request: the holder's answer beside the candidate's, and its label if one came. */
export interface ShadowPair {
  requestId: string;
  at: string;
  served: ShadowAnswer | null;
  shadow: ShadowAnswer;
  /** One label per predicted row, once labels were sent. */
  label: (string | number)[] | null;
}

type _ShapeChecks = [Check<Same<z.output<typeof ZShadowTestSchema>, ShadowTest>>];
