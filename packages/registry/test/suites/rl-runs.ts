import { averageReturn } from '@assay/core';
import { describe, expect, it } from 'vitest';
import type { BackendFixture } from '../backends.js';
import { expectRegistryError, unique } from '../helpers.js';

/** RL evaluation runs (issue 15): the entity, keyed reward batches, episode returns in SQL. */
export function rlRunSuite(fixture: () => BackendFixture): void {
  const setUp = async () => {
    const f = fixture();
    const project = await f.registry.projects.create({ name: unique('rl-proj') });
    const run = await f.registry.rlRuns.create(
      {
        projectId: project.id,
        name: unique('run'),
        agentName: 'dqn',
        agentVersion: '1.2.0',
        environment: 'CartPole-v1',
      },
      'alice',
    );
    return { f, project, run };
  };

  describe('RL runs', () => {
    it('create, get and list (filters, pages newest first); a duplicate name is a conflict', async () => {
      const { f, project, run } = await setUp();
      expect(run).toMatchObject({
        agentName: 'dqn',
        agentVersion: '1.2.0',
        environment: 'CartPole-v1',
        description: null,
        createdBy: 'alice',
      });
      expect(await f.registry.rlRuns.get(project.id, run.id)).toEqual(run);
      expect(await f.registry.rlRuns.get(project.id, 'not-a-uuid')).toBeNull();
      const other = await f.registry.rlRuns.create({
        projectId: project.id,
        name: unique('run'),
        agentName: 'ppo',
        environment: 'CartPole-v1',
      });
      const first = await f.registry.rlRuns.list(project.id, {}, { limit: 1 });
      expect(first.items.map((r) => r.id)).toEqual([other.id]);
      expect(first.nextCursor).not.toBeNull();
      const second = await f.registry.rlRuns.list(
        project.id,
        {},
        { limit: 1, cursor: first.nextCursor as string },
      );
      expect(second.items.map((r) => r.id)).toEqual([run.id]);
      expect(
        (await f.registry.rlRuns.list(project.id, { agentName: 'dqn' })).items.map((r) => r.id),
      ).toEqual([run.id]);
      expect((await f.registry.rlRuns.list(project.id, { environment: 'Pong' })).items).toEqual([]);
      const dup = await expectRegistryError(
        f.registry.rlRuns.create({
          projectId: project.id,
          name: run.name,
          agentName: 'dqn',
          environment: 'x',
        }),
        'conflict',
      );
      expect(dup.message).toContain('already exists');
      const bad = await expectRegistryError(
        f.registry.rlRuns.create({
          projectId: project.id,
          name: 'ok',
          agentName: '',
          environment: 'x',
        }),
        'invalid',
      );
      expect(bad.message).toContain('agentName');
    });

    it('a batch is stored once per key, and a retried batch answers duplicate', async () => {
      const { f, run } = await setUp();
      const batch = [
        { episode: 0, step: 0, reward: 1, optimal: 1 },
        { episode: 0, step: 1, reward: 0.5, optimal: 1 },
      ];
      expect(await f.registry.rlRuns.appendRewards(run.id, 'b-1', batch)).toEqual({
        stored: 2,
        duplicate: false,
      });
      expect(await f.registry.rlRuns.appendRewards(run.id, 'b-1', batch)).toEqual({
        stored: 0,
        duplicate: true,
      });
      // Two copies of a new batch racing: one stores, the other is the duplicate.
      const next = [{ episode: 1, step: 0, reward: 2 }];
      const raced = await Promise.all([
        f.registry.rlRuns.appendRewards(run.id, 'b-2', next),
        f.registry.rlRuns.appendRewards(run.id, 'b-2', next),
      ]);
      expect(raced.map((r) => r.stored).sort()).toEqual([0, 1]);
      expect(raced.filter((r) => r.duplicate)).toHaveLength(1);
    });

    it('a repeated (episode, step) under a new key is a conflict and stores nothing of the batch', async () => {
      const { f, project, run } = await setUp();
      await f.registry.rlRuns.appendRewards(run.id, 'k1', [{ episode: 0, reward: 3 }]);
      const clash = await expectRegistryError(
        f.registry.rlRuns.appendRewards(run.id, 'k2', [
          { episode: 1, reward: 4 },
          { episode: 0, reward: 5 },
        ]),
        'conflict',
      );
      expect(clash.message).toContain('1 of the batch');
      const twice = await expectRegistryError(
        f.registry.rlRuns.appendRewards(run.id, 'k3', [
          { episode: 2, step: 1, reward: 1 },
          { episode: 2, step: 1, reward: 1 },
        ]),
        'conflict',
      );
      expect(twice.message).toContain('sent twice');
      // Nothing of k2 or k3 was kept: the keys can be sent again once fixed.
      expect(await f.registry.rlRuns.episodeReturns(project.id, run.id)).toEqual([
        { episode: 0, steps: 1, return: 3, optimal: null },
      ]);
      expect(
        await f.registry.rlRuns.appendRewards(run.id, 'k2', [{ episode: 1, reward: 4 }]),
      ).toEqual({ stored: 1, duplicate: false });
    });

    it('bad rewards fail the batch naming the reward; an unknown run is not_found', async () => {
      const { f, run } = await setUp();
      const cases: [unknown, string][] = [
        [{ episode: -1, reward: 1 }, 'rewards[0].episode must be an integer'],
        [{ episode: 0.5, reward: 1 }, 'rewards[0].episode must be an integer'],
        [{ episode: 0, step: 2 ** 31, reward: 1 }, 'rewards[0].step must be an integer'],
        [{ episode: 0, reward: Number.NaN }, 'rewards[0].reward must be a finite number'],
        [{ episode: 0, reward: 1, optimal: Number.POSITIVE_INFINITY }, 'rewards[0].optimal'],
      ];
      for (const [reward, message] of cases) {
        const e = await expectRegistryError(
          f.registry.rlRuns.appendRewards(run.id, unique('k'), [reward as never]),
          'invalid',
        );
        expect(e.message).toContain(message);
      }
      await expectRegistryError(f.registry.rlRuns.appendRewards(run.id, 'k', []), 'invalid');
      await expectRegistryError(
        f.registry.rlRuns.appendRewards(run.id, 'has space', [{ episode: 0, reward: 1 }]),
        'invalid',
      );
      await expectRegistryError(
        f.registry.rlRuns.appendRewards('0190b5c0-0000-7000-8000-000000000000', 'k', [
          { episode: 0, reward: 1 },
        ]),
        'not_found',
      );
    });

    it('episode returns (γ = 1 and discounted) equal the core’s averageReturn on the same rewards', async () => {
      const { f, project, run } = await setUp();
      // Three episodes of uneven length; episode 1 lacks an optimum at one step.
      const episodes = [
        [1, 0.5, -0.25, 2],
        [0.1, 0.2],
        [3, 3, 3, 3, 3, 3],
      ];
      const rows = episodes.flatMap((rewards, e) =>
        rewards.map((reward, step) => ({
          episode: e,
          step,
          reward,
          optimal: e === 1 && step === 1 ? null : 3,
        })),
      );
      // Sent in two batches, out of order: the database orders them.
      await f.registry.rlRuns.appendRewards(run.id, 'second', rows.slice(5));
      await f.registry.rlRuns.appendRewards(run.id, 'first', rows.slice(0, 5));
      for (const gamma of [1, 0.9, 0]) {
        const got = await f.registry.rlRuns.episodeReturns(project.id, run.id, { gamma });
        const expected = averageReturn(episodes, { gamma }).returns;
        expect(got.map((e) => e.episode)).toEqual([0, 1, 2]);
        expect(got.map((e) => e.steps)).toEqual([4, 2, 6]);
        got.forEach((e, i) => {
          expect(e.return).toBeCloseTo(expected[i] as number, 12);
        });
        const optimal = averageReturn(
          episodes.map((r) => r.map(() => 3)),
          { gamma },
        ).returns;
        expect(got[0]?.optimal).toBeCloseTo(optimal[0] as number, 12);
        expect(got[1]?.optimal).toBeNull();
        expect(got[2]?.optimal).toBeCloseTo(optimal[2] as number, 12);
      }
      await expectRegistryError(
        f.registry.rlRuns.episodeReturns(project.id, run.id, { gamma: 2 }),
        'invalid',
      );
      const other = await f.registry.projects.create({ name: unique('rl-other') });
      await expectRegistryError(f.registry.rlRuns.episodeReturns(other.id, run.id), 'not_found');
    });
  });
}
