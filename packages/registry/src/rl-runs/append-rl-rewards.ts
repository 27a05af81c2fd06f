import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { MAX_RL_REWARD_BATCH, type RlRewardInput } from './rl-run.schemas.js';
import type { RlRewardsAppended } from './rl-run.types.js';

// One statement per batch, as the A/B tests' events (ab-tests/append-ab-events.ts): the batch's
// key is inserted first (nothing when it is already there: a retry), and the rewards only when it
// was, so a retried batch is stored once even when two copies race (the second waits on the key's
// row). The rows arrive as four typed arrays read by unnest, each sent as one array literal. A
// reward whose (episode, step) is already stored is skipped by ON CONFLICT; the caller compares
// the count and rolls the whole batch back (the statement runs in a transaction), so a batch is
// stored whole or not at all.
const APPEND = `WITH r AS (
    SELECT id FROM rl_runs WHERE id = $1::uuid
  ), b AS (
    INSERT INTO rl_reward_batches (run_id, key, count)
    SELECT $1::uuid, $2, $3 WHERE EXISTS (SELECT 1 FROM r)
    ON CONFLICT DO NOTHING
    RETURNING 1
  ), ins AS (
    INSERT INTO rl_rewards (run_id, episode, step, reward, optimal)
    SELECT $1::uuid, e.ep, e.st, e.rw, e.op
      FROM unnest($4::int[], $5::int[], $6::float8[], $7::float8[]) AS e(ep, st, rw, op)
     WHERE EXISTS (SELECT 1 FROM b)
    ON CONFLICT DO NOTHING
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM r) AS found, (SELECT count(*)::int FROM ins) AS stored,
         EXISTS (SELECT 1 FROM b) AS fresh`;

const MAX_INDEX = 2_147_483_647;

/**
 * Appends a batch of rewards (up to 10 000) to an RL run in one statement, once per `key`: a
 * retried batch stores nothing and answers `duplicate: true`. Rewards are checked here without zod
 * (integer episode and step from 0, finite reward and optimum): a bad reward fails the whole batch
 * with `invalid` naming it. A reward for an (episode, step) already stored, by an earlier batch or
 * twice in this one, is a `conflict` and nothing of the batch is stored. `not_found` for no such run.
 */
export async function appendRewards(
  ctx: RegistryContext,
  runId: string,
  key: string,
  rewards: readonly RlRewardInput[],
): Promise<RlRewardsAppended> {
  if (!ZIdSchema.safeParse(runId).success) {
    throw new RegistryError('not_found', `RL run ${runId} does not exist`);
  }
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new RegistryError(
      'invalid',
      'Invalid rewards: the batch key must be 1–200 printable ASCII characters without spaces',
    );
  }
  if (!Array.isArray(rewards) || rewards.length === 0 || rewards.length > MAX_RL_REWARD_BATCH) {
    throw new RegistryError(
      'invalid',
      `Invalid rewards: send 1 to ${MAX_RL_REWARD_BATCH} rewards per batch`,
    );
  }
  const n = rewards.length;
  const episodes = new Array<string>(n);
  const steps = new Array<string>(n);
  const values = new Array<string>(n);
  const optima = new Array<string>(n);
  const isIndex = (v: unknown): v is number =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_INDEX;
  for (let i = 0; i < n; i += 1) {
    const r = rewards[i] as RlRewardInput;
    const bad = (what: string): never => {
      throw new RegistryError('invalid', `Invalid rewards: rewards[${i}].${what}`, {
        details: [{ path: ['rewards', String(i)], message: what }],
      });
    };
    if (typeof r !== 'object' || r === null) bad('must be an object');
    if (!isIndex(r.episode)) bad(`episode must be an integer from 0 to ${MAX_INDEX}`);
    const step = r.step ?? 0;
    if (!isIndex(step)) bad(`step must be an integer from 0 to ${MAX_INDEX}`);
    if (typeof r.reward !== 'number' || !Number.isFinite(r.reward))
      bad('reward must be a finite number');
    const optimal = r.optimal ?? null;
    if (optimal !== null && (typeof optimal !== 'number' || !Number.isFinite(optimal)))
      bad('optimal must be a finite number');
    episodes[i] = String(r.episode);
    steps[i] = String(step);
    values[i] = String(r.reward);
    optima[i] = optimal === null ? 'NULL' : String(optimal);
  }
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const [row] = await tx.$queryRawUnsafe<{ found: boolean; stored: number; fresh: boolean }[]>(
        APPEND,
        runId,
        key,
        n,
        `{${episodes.join(',')}}`,
        `{${steps.join(',')}}`,
        `{${values.join(',')}}`,
        `{${optima.join(',')}}`,
      );
      if (!row?.found) throw new RegistryError('not_found', `RL run ${runId} does not exist`);
      if (row.fresh && row.stored !== n) {
        throw new RegistryError(
          'conflict',
          `${n - row.stored} of the batch's ${n} rewards repeat an (episode, step) already stored or sent twice in the batch; nothing of the batch was stored (send each step once; per-episode rewards are step 0)`,
        );
      }
      return { stored: row.stored, duplicate: !row.fresh };
    }),
  );
}
