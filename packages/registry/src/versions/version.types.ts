import { z } from 'zod';
import {
  ARTIFACT_FORMATS,
  type Check,
  type FEATURE_TYPES,
  type Same,
  type Tags,
  ZTagsOutSchema,
} from '../common.js';
import { ZInputSignatureSchema, ZOutputSignatureSchema } from './version.schemas.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schema, checked equal at compile time.

export type ArtifactFormat = (typeof ARTIFACT_FORMATS)[number];

/** Feature types of an input signature. */
export type FeatureType = (typeof FEATURE_TYPES)[number];

/** The columns a model version expects, in order. */
export interface InputSignature {
  features: { name: string; type: FeatureType }[];
}

/** What a model version predicts per row (the core's `ModelOutput`). */
export type OutputSignature =
  | { kind: 'regression'; nOutputs: number }
  | { kind: 'probability'; classes: [string | number, string | number] }
  | { kind: 'probabilities'; classes: (string | number)[] };

export interface ModelVersion {
  id: string;
  modelId: string;
  projectId: string;
  modelName: string;
  /** 1, 2, 3… per model. */
  number: number;
  format: ArtifactFormat;
  /** Hex sha256 of the artifact bytes. */
  sha256: string;
  sizeBytes: number;
  /** `sha256/ab/cdef…`: derived from the checksum only. */
  storageKey: string;
  description: string | null;
  tags: Tags;
  /** The run that produced the version (same project), if one was named. */
  sourceRunId: string | null;
  inputSignature: InputSignature | null;
  outputSignature: OutputSignature | null;
  createdBy: string | null;
  createdAt: string;
}

export const ZModelVersionSchema = z
  .object({
    id: z.string(),
    modelId: z.string(),
    projectId: z.string(),
    modelName: z.string(),
    number: z.number().int(),
    format: z.enum(ARTIFACT_FORMATS),
    sha256: z.string(),
    sizeBytes: z.number().int(),
    storageKey: z.string().describe('Derived from the sha256 only'),
    description: z.string().nullable(),
    tags: ZTagsOutSchema,
    sourceRunId: z
      .string()
      .nullable()
      .describe('The run that produced the version (same project), if one was named'),
    inputSignature: ZInputSignatureSchema.nullable().describe(
      'The columns the version expects, in order',
    ),
    outputSignature: ZOutputSignatureSchema.nullable().describe(
      'What the version predicts per row',
    ),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ModelVersion' });

type _ShapeChecks = [Check<Same<z.output<typeof ZModelVersionSchema>, ModelVersion>>];
