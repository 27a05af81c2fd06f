import { z } from 'zod';
import { type Check, RUN_STATUSES, type Same, type Tags, ZTagsOutSchema } from '../common.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schema, checked equal at compile time.

export type RunStatus = (typeof RUN_STATUSES)[number];
/** Run parameters: flat, JSON scalar values. */
export type Params = Record<string, string | number | boolean | null>;

export interface Run {
  id: string;
  projectId: string;
  experimentId: string;
  parentRunId: string | null;
  name: string | null;
  status: RunStatus;
  params: Params;
  tags: Tags;
  /** Each metric key's latest value (greatest step, then timestamp, then value), as MLflow's run data. */
  metrics: Record<string, number>;
  createdBy: string | null;
  startedAt: string;
  endedAt: string | null;
}

export const ZRunSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    experimentId: z.string(),
    parentRunId: z.string().nullable(),
    name: z.string().nullable(),
    status: z.enum(RUN_STATUSES),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    tags: ZTagsOutSchema,
    metrics: z.record(z.string(), z.number()).meta({
      description:
        "Each metric key's latest value: the point with the greatest step, then timestamp, then value (MLflow's latest metrics).",
    }),
    createdBy: z.string().nullable(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
  })
  .meta({ id: 'Run' });

type _ShapeChecks = [Check<Same<z.output<typeof ZRunSchema>, Run>>];

/** One metric key of a run: how many points it has and the steps they span. */
export interface MetricKeySummary {
  key: string;
  count: number;
  firstStep: number;
  lastStep: number;
}

export const ZMetricKeySummarySchema = z
  .object({
    key: z.string(),
    count: z.number().int(),
    firstStep: z.number().int(),
    lastStep: z.number().int(),
  })
  .meta({ id: 'MetricKeySummary' });

type _KeyShapeChecks = [Check<Same<z.output<typeof ZMetricKeySummarySchema>, MetricKeySummary>>];
