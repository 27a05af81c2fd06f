import { z } from 'zod';
import type { Check, Same } from '../common.js';

// What an artifact collection returns, as a domain type and its response schema, checked equal at
// compile time. (Artifacts themselves are described by versions and datasets.)

export interface GcArtifactsResult {
  /** Artifacts deleted (or, with `dryRun`, that would be). */
  deleted: { storageKey: string; sha256: string; sizeBytes: number }[];
  bytesFreed: number;
  /** Artifacts kept because a version or dataset references them. */
  referenced: number;
  /** Artifacts kept because they are younger than the grace period. */
  recent: number;
  /** Leftover temporary and spool files of writes that died. */
  temporaryFilesRemoved: number;
}

/** What an artifact collection deleted (or, with `dryRun`, would delete) and kept. */
export const ZGcArtifactsResultSchema = z.object({
  deleted: z.array(z.object({ storageKey: z.string(), sha256: z.string(), sizeBytes: z.number() })),
  bytesFreed: z.number(),
  referenced: z.number(),
  recent: z.number(),
  temporaryFilesRemoved: z.number(),
});

type _ShapeChecks = [Check<Same<z.output<typeof ZGcArtifactsResultSchema>, GcArtifactsResult>>];
