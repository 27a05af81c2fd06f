import { type ComparisonReport, ZComparisonReportSchema } from '@assay/core';
import { z } from 'zod';
import type { Check, Same } from '../common.js';
import { type TComparisonSpecSchema, ZComparisonSpecSchema } from './comparison.schemas.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schema, checked equal at compile time.

/** A stored comparison report: candidate vs baseline version of one model on one dataset. */
export interface Comparison {
  id: string;
  projectId: string;
  modelId: string;
  modelName: string;
  candidateVersion: number;
  baselineVersion: number;
  /** The alias the baseline was named by (its holder when the comparison started), if any. */
  baselineAlias: string | null;
  datasetId: string;
  dataset: { sha256: string; rows: number };
  spec: TComparisonSpecSchema;
  /** The core's ComparisonReport, as computed. */
  report: ComparisonReport;
  jobId: string | null;
  createdBy: string | null;
  createdAt: string;
}

export const ZComparisonSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    modelId: z.string(),
    modelName: z.string(),
    candidateVersion: z.number().int(),
    baselineVersion: z.number().int(),
    baselineAlias: z
      .string()
      .nullable()
      .describe('The alias the baseline was named by, resolved to its holder at start'),
    datasetId: z.string(),
    dataset: z.object({ sha256: z.string(), rows: z.number().int() }),
    spec: ZComparisonSpecSchema,
    report: ZComparisonReportSchema,
    jobId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Comparison' });

type _ShapeChecks = [Check<Same<z.output<typeof ZComparisonSchema>, Comparison>>];
