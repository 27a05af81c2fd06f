import { z } from 'zod';
import type { Check, Same } from '../common.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schemas, checked equal at compile time.

/** An agent's evaluation run in an environment. */
export interface RlRun {
  id: string;
  projectId: string;
  name: string;
  agentName: string;
  agentVersion: string | null;
  environment: string;
  description: string | null;
  createdBy: string | null;
  createdAt: string;
}

export const ZRlRunSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    agentName: z.string(),
    agentVersion: z.string().nullable(),
    environment: z.string(),
    description: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'RlRun' });

/** One episode of a run, reduced in the database. */
export interface RlEpisode {
  episode: number;
  /** Rewards stored for it (steps). */
  steps: number;
  /** Σ γ^step · reward. */
  return: number;
  /** Σ γ^step · optimal when every step of the episode has one; otherwise null. */
  optimal: number | null;
}

export const ZRlEpisodeSchema = z.object({
  episode: z.number().int(),
  steps: z.number().int(),
  return: z.number(),
  optimal: z.number().nullable(),
});

/** What a batch stored. */
export interface RlRewardsAppended {
  stored: number;
  duplicate: boolean;
}

export const ZRlRewardsAppendedSchema = z.object({
  stored: z.number().int().describe('Rewards stored by this call (0 for a retried batch)'),
  duplicate: z.boolean().describe('true: this batch key was stored before; nothing was added'),
});

type _ShapeChecks = [
  Check<Same<z.output<typeof ZRlRunSchema>, RlRun>>,
  Check<Same<z.output<typeof ZRlEpisodeSchema>, RlEpisode>>,
  Check<Same<z.output<typeof ZRlRewardsAppendedSchema>, RlRewardsAppended>>,
];
