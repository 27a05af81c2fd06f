import { z } from 'zod';
import { type Check, DATASET_FORMATS, type Same } from '../common.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schema, checked equal at compile time.

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

export const ZDatasetSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string().nullable(),
    format: z
      .enum(DATASET_FORMATS)
      .describe('csv (header row), json ({columns, rows} or records) or parquet (flat columns)'),
    sha256: z.string(),
    sizeBytes: z.number().int(),
    rows: z.number().int(),
    columns: z.array(z.string()),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .describe('An uploaded dataset, stored content-addressed and verified on every read');

type _ShapeChecks = [Check<Same<z.output<typeof ZDatasetSchema>, Dataset>>];
