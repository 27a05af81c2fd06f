import { z } from 'zod';
import type { Check, Same } from '../common.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schemas, checked equal at compile time.

/** Where an alias of a model points now. */
export interface ModelAlias {
  id: string;
  projectId: string;
  modelId: string;
  modelName: string;
  /** The alias name, e.g. `production`. */
  name: string;
  /** The version number it points at; `null` once removed. */
  version: number | null;
  versionId: string | null;
  /** Optimistic-concurrency token: 1 after creation, +1 per move. Pass it as `expectedRevision`. */
  revision: number;
  updatedAt: string;
}

/** One entry of an alias's append-only ledger. */
export interface AliasEvent {
  id: string;
  projectId: string;
  modelName: string;
  alias: string;
  /** The alias's revision after this move. */
  revision: number;
  fromVersion: number | null;
  /** `null` when the move removed the alias. */
  toVersion: number | null;
  actor: string;
  reason: string | null;
  evaluationId: string | null;
  /** The passing gate report a move of a guarded alias rested on. */
  gateReportId: string | null;
  /** The reason an admin gave for moving a guarded alias without a passing gate report. */
  overrideReason: string | null;
  at: string;
}

export const ZModelAliasSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    modelId: z.string(),
    modelName: z.string(),
    name: z.string(),
    version: z.number().int().nullable(),
    versionId: z.string().nullable(),
    revision: z.number().int().describe('Pass as expectedRevision to move the alias safely'),
    updatedAt: z.string(),
  })
  .meta({ id: 'ModelAlias' });

export const ZAliasEventSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    modelName: z.string(),
    alias: z.string(),
    revision: z.number().int(),
    fromVersion: z.number().int().nullable(),
    toVersion: z.number().int().nullable(),
    actor: z.string(),
    reason: z.string().nullable(),
    evaluationId: z.string().nullable(),
    gateReportId: z
      .string()
      .nullable()
      .describe('The passing gate report a move of a guarded alias rested on'),
    overrideReason: z
      .string()
      .nullable()
      .describe("An admin's reason for moving a guarded alias without a passing gate report"),
    at: z.string(),
  })
  .meta({ id: 'AliasEvent' });

type _ShapeChecks = [
  Check<Same<z.output<typeof ZModelAliasSchema>, ModelAlias>>,
  Check<Same<z.output<typeof ZAliasEventSchema>, AliasEvent>>,
];
