import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { type TRlReturnsOptionsSchema, ZRlReturnsOptionsSchema } from './rl-run.schemas.js';
import type { RlEpisode } from './rl-run.types.js';

// An episode's return is reduced in SQL (one row per episode leaves the database, not one per
// step): Σ γ^step · reward, and the optimum's sum only when every step of the episode carries one
// (count(optimal) counts the non-null ones). power(0, 0) is 1 in PostgreSQL, so γ = 0 keeps the
// reward of step 0, as the core's averageReturn does.
const EPISODES = `SELECT episode, count(*)::int AS steps,
         sum(reward * power($2::float8, step))::float8 AS "return",
         CASE WHEN count(optimal) = count(*)
              THEN sum(optimal * power($2::float8, step))::float8 END AS optimal
    FROM rl_rewards WHERE run_id = $1::uuid
   GROUP BY episode ORDER BY episode`;

/**
 * A run's episodes in order, each with its step count, its return Σ γ^step · reward and, when
 * every step has one, the optimal return (same discount). `not_found` for no such run in the
 * project; an empty list for a run without rewards.
 */
export async function episodeReturns(
  ctx: RegistryContext,
  projectId: string,
  runId: string,
  options: TRlReturnsOptionsSchema = {},
): Promise<RlEpisode[]> {
  const { gamma } = parseInput(ZRlReturnsOptionsSchema, options, 'RL report options');
  const missing = () => new RegistryError('not_found', `RL run ${runId} does not exist`);
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(runId).success)
    throw missing();
  return withDbErrors(async () => {
    const run = await ctx.db.rlRun.findFirst({
      where: { id: runId, projectId },
      select: { id: true },
    });
    if (run === null) throw missing();
    const rows = await ctx.db.$queryRawUnsafe<
      { episode: number; steps: number; return: number; optimal: number | null }[]
    >(EPISODES, runId, gamma);
    return rows.map((r) => ({
      episode: Number(r.episode),
      steps: Number(r.steps),
      return: Number(r.return),
      optimal: r.optimal === null ? null : Number(r.optimal),
    }));
  });
}
