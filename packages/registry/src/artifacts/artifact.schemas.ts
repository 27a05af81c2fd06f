import { z } from 'zod';

/** Artifact garbage collection: only artifacts older than `graceMs` (at least a minute) go. */
export const ZGcArtifactsOptionsSchema = z
  .object({
    /** @default 86400000 (a day) */
    graceMs: z.number().int().min(60_000, 'graceMs must be at least 60000 (a minute)').optional(),
    /** Report what would be deleted, delete nothing. @default false */
    dryRun: z.boolean().optional(),
  })
  .strict();

export type TGcArtifactsOptionsSchema = z.infer<typeof ZGcArtifactsOptionsSchema>;
