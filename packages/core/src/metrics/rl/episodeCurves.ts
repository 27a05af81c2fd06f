import { z } from 'zod';
import { lttb } from '../../data/lttb.js';
import { InvalidInputError } from '../../errors/index.js';
import { averageReturn } from './averageReturn.js';
import { regret } from './regret.js';

/** One episode as the platform stores it: its number, its return and, where known, the optimum. */
export interface EpisodeReturn {
  episode: number;
  return: number;
  /** The optimal policy's return in this episode; null when unknown. */
  optimal: number | null;
}

export interface EpisodeCurvesOptions {
  /** Points per curve at most (LTTB downsampling beyond). @default 500 */
  maxPoints?: number;
}

const ZPointSchema = z.object({ x: z.number(), y: z.number() });

export const ZEpisodeCurvesResultSchema = z
  .object({
    episodes: z.number().int().describe('Episodes with a reward'),
    returns: z
      .object({ mean: z.number(), std: z.number(), min: z.number(), max: z.number() })
      .describe('Reward per return over the episodes (std: population, ddof 0)'),
    returnCurve: z.array(ZPointSchema).describe('Return (y) per episode (x), downsampled'),
    regret: z
      .object({
        episodes: z.number().int().describe('Episodes whose optimal return is known'),
        total: z.number(),
        mean: z.number().describe('Total regret ÷ those episodes'),
        curve: z.array(ZPointSchema).describe('Regret (optimal − return) per episode, downsampled'),
        cumulative: z
          .array(ZPointSchema)
          .describe('Cumulative regret after each episode, downsampled'),
      })
      .nullable()
      .describe('null when no episode has a known optimal return'),
    maxPoints: z.number().int(),
    downsampled: z.boolean().describe('true when a curve was reduced by LTTB'),
  })
  .meta({ id: 'RlEpisodeCurves' });
export type TEpisodeCurvesResult = z.infer<typeof ZEpisodeCurvesResultSchema>;

/**
 * The curves of an agent's run from its episode returns, in episode order: the return per episode
 * with the mean, population std, min and max (`averageReturn` on one-step episodes), and the
 * regret against the optimal return per episode and its running sum (`regret`, over the episodes
 * whose optimum is known). Each curve keeps at most `maxPoints` points: longer runs are
 * downsampled by Largest-Triangle-Three-Buckets (`lttb`), which keeps peaks and dips.
 *
 * @throws InvalidInputError when there is no episode, the episodes are not in increasing order,
 * or maxPoints is not an integer ≥ 3.
 */
export function episodeCurves(
  episodes: readonly EpisodeReturn[],
  options: EpisodeCurvesOptions = {},
): TEpisodeCurvesResult {
  const { maxPoints = 500 } = options;
  if (!(Number.isInteger(maxPoints) && maxPoints >= 3)) {
    const message = `maxPoints is ${maxPoints}; expected an integer ≥ 3`;
    throw new InvalidInputError(message, [{ path: ['maxPoints'], message }]);
  }
  if (episodes.length === 0) {
    const message = 'the run has no episode; post rewards first';
    throw new InvalidInputError(message, [{ path: ['episodes'], message }]);
  }
  for (let i = 1; i < episodes.length; i++) {
    if (!((episodes[i] as EpisodeReturn).episode > (episodes[i - 1] as EpisodeReturn).episode)) {
      const message = `episodes[${i}] is not after episodes[${i - 1}]; episodes must be in increasing order`;
      throw new InvalidInputError(message, [{ path: ['episodes', i], message }]);
    }
  }
  const summary = averageReturn(episodes.map((e) => [e.return]));
  let downsampled = false;
  const shrink = (points: { x: number; y: number }[]) => {
    if (points.length <= maxPoints) return points;
    downsampled = true;
    return lttb(points, maxPoints).map(({ x, y }) => ({ x, y }));
  };
  const returnCurve = shrink(episodes.map((e) => ({ x: e.episode, y: e.return })));
  const known = episodes.filter((e) => e.optimal !== null);
  let regretPart: TEpisodeCurvesResult['regret'] = null;
  if (known.length > 0) {
    const r = regret(
      known.map((e) => e.optimal as number),
      known.map((e) => e.return),
    );
    regretPart = {
      episodes: known.length,
      total: r.total,
      mean: r.mean,
      curve: shrink(known.map((e, i) => ({ x: e.episode, y: r.instantaneous[i] as number }))),
      cumulative: shrink(known.map((e, i) => ({ x: e.episode, y: r.cumulative[i] as number }))),
    };
  }
  return {
    episodes: episodes.length,
    returns: { mean: summary.mean, std: summary.std, min: summary.min, max: summary.max },
    returnCurve,
    regret: regretPart,
    maxPoints,
    downsampled,
  };
}
