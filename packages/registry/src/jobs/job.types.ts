import { z } from 'zod';
import {
  type Check,
  JOB_KINDS,
  JOB_STATUSES,
  type Page,
  type Same,
  type ZPageSchema,
} from '../common.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schema, checked equal at compile time.

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

export const ZJobSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    kind: z.enum(JOB_KINDS),
    status: z.enum(JOB_STATUSES),
    input: z.record(z.string(), z.unknown()),
    progress: z.object({ fraction: z.number(), message: z.string().nullable() }),
    result: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('Set once, when the job succeeds'),
    error: z
      .object({ title: z.string(), detail: z.string() })
      .nullable()
      .describe('Why the job failed'),
    evaluationId: z
      .string()
      .nullable()
      .describe('The evaluation a successful evaluation job stored'),
    attempts: z
      .number()
      .int()
      .describe('Times a worker took the job (a retry after a worker stopped counts)'),
    maxAttempts: z.number().int(),
    cancelRequested: z.boolean(),
    workerId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Job' });

type _ShapeChecks = [
  Check<Same<z.output<typeof ZJobSchema>, Job>>,
  Check<Same<z.output<ReturnType<typeof ZPageSchema<typeof ZJobSchema>>>, Page<Job>>>,
];
