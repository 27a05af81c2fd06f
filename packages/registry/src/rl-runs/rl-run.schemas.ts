import { z } from 'zod';
import { ZDescriptionSchema, ZIdSchema, ZNameSchema } from '../common.js';

/** Rewards per batch at most (one statement each). */
export const MAX_RL_REWARD_BATCH = 10_000;

/** Episode and step numbers: integers from 0 (a PostgreSQL `integer`). */
const MAX_INDEX = 2_147_483_647;

/** An agent's or an environment's version: 1–128 printable characters. */
export const ZAgentVersionSchema = z
  .string()
  .min(1, 'agentVersion must not be empty')
  .max(128, 'agentVersion must be at most 128 characters')
  .regex(/^[\x21-\x7e]+$/, 'agentVersion must be printable ASCII without spaces');

export const ZCreateRlRunFieldsSchema = z.object({
  projectId: ZIdSchema,
  name: ZNameSchema.describe('The run’s name, unique in the project'),
  agentName: ZNameSchema.describe('The agent (policy) evaluated'),
  agentVersion: ZAgentVersionSchema.optional(),
  environment: ZNameSchema.describe('The environment it ran in (e.g. CartPole-v1)'),
  description: ZDescriptionSchema.optional(),
  createdBy: z.string().min(1).max(256).optional(),
});

export const ZCreateRlRunSchema = ZCreateRlRunFieldsSchema.strict();
export type TCreateRlRunSchema = z.input<typeof ZCreateRlRunSchema>;

/** Filters of a project's runs. */
export const ZRlRunFilterSchema = z
  .object({
    agentName: ZNameSchema.optional(),
    environment: ZNameSchema.optional(),
  })
  .strict();
export type TRlRunFilterSchema = z.infer<typeof ZRlRunFilterSchema>;

const ZIndexSchema = (what: string) =>
  z
    .number(`${what} must be a number`)
    .int(`${what} must be an integer`)
    .min(0, `${what} must be at least 0`)
    .max(MAX_INDEX, `${what} must be at most ${MAX_INDEX}`);

/** One reward as a client sends it: per step, or per episode (no step: stored as step 0). */
export interface RlRewardInput {
  episode: number;
  step?: number | null | undefined;
  reward: number;
  optimal?: number | null | undefined;
}

export const ZRlRewardInputSchema = z
  .object({
    episode: ZIndexSchema('episode').describe('Episode number, from 0'),
    step: ZIndexSchema('step')
      .nullable()
      .optional()
      .describe('Step within the episode, from 0; omit for one reward per episode (step 0)'),
    reward: z.number('reward must be a finite number').describe('Reward received'),
    optimal: z
      .number('optimal must be a finite number')
      .nullable()
      .optional()
      .describe('The optimal policy’s reward at this step (or episode), when known'),
  })
  .strict();

/** Report options: the discount of a step's reward. */
export const ZRlReturnsOptionsSchema = z
  .object({
    gamma: z
      .number('gamma must be a number')
      .min(0, 'gamma must lie in [0, 1]')
      .max(1, 'gamma must lie in [0, 1]')
      .default(1)
      .describe('Discount factor γ: an episode’s return is Σ γ^step · reward (default 1)'),
  })
  .strict();
export type TRlReturnsOptionsSchema = z.input<typeof ZRlReturnsOptionsSchema>;
