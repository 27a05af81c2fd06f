import { z } from 'zod';
import { AUTOML_RUN_STATUSES, type Check, type Same } from '../common.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schemas, checked equal at compile time.

export type AutoMlRunStatus = (typeof AUTOML_RUN_STATUSES)[number];

/** An AutoML run: its settings, the leaderboard so far, and what it produced. */
export interface AutoMlRun {
  id: string;
  projectId: string;
  datasetId: string;
  modelName: string;
  settings: Record<string, unknown>;
  status: AutoMlRunStatus;
  leaderboard: unknown[];
  guardrails: unknown[] | null;
  bestTrial: Record<string, unknown> | null;
  modelVersion: number | null;
  versionId: string | null;
  evaluationId: string | null;
  explanation: Record<string, unknown> | null;
  lineage: Record<string, unknown>;
  jobId: string | null;
  error: { title: string; detail: string } | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

// JSON written by the core's shapes; `unknown` in the document (a recursive JSON schema would
// give the generated TypeScript client self-referencing types).
const ZJsonRecord = z.record(z.string(), z.unknown());

export const ZAutoMlRunSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    datasetId: z.string(),
    modelName: z.string(),
    settings: ZJsonRecord.describe(
      'target, task, metric, budgetSeconds, seed, excludeColumns, families',
    ),
    status: z.enum(AUTOML_RUN_STATUSES),
    leaderboard: z.array(z.unknown()).describe('Every trial so far, in order (the core’s entries)'),
    guardrails: z.array(z.unknown()).nullable().describe('Data checks, once the run has started'),
    bestTrial: ZJsonRecord.nullable().describe('The leaderboard entry that was registered'),
    modelVersion: z.number().int().nullable(),
    versionId: z.string().nullable(),
    evaluationId: z.string().nullable().describe('The batch test of the registered version'),
    explanation: ZJsonRecord.nullable().describe('Stored explanation, or why it was skipped'),
    lineage: ZJsonRecord.describe('Dataset fingerprint, settings and seed'),
    jobId: z.string().nullable(),
    error: z.object({ title: z.string(), detail: z.string() }).nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'AutoMlRun' });

type _ShapeChecks = [Check<Same<z.output<typeof ZAutoMlRunSchema>, AutoMlRun>>];
