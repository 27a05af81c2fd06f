import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../src/index.js';
import type { BackendFixture } from '../backends.js';
import { bytesOf, expectRegistryError, unique } from '../helpers.js';

/** Aliases and their ledger (issue 5), run by registry.test.ts on every backend. */
export function aliasSuite(fixture: () => BackendFixture): void {
  const setUpModel = async (versions: number) => {
    const f = fixture();
    const project = await f.registry.projects.create({ name: unique('alias-proj') });
    const model = await f.registry.models.register({ projectId: project.id, name: 'clf' });
    for (let i = 1; i <= versions; i += 1) {
      await f.registry.versions.create({
        projectId: project.id,
        modelName: 'clf',
        format: 'json',
        artifact: bytesOf(`v${i}`),
      });
    }
    return { f, project, model };
  };

  describe('aliases', () => {
    it('move with a ledger of every move: from, to, who, why, on which evaluation', async () => {
      const { f, project } = await setUpModel(3);
      const { id: evaluationId } = await f.registry.evaluations.create({
        projectId: project.id,
        modelName: 'clf',
        version: 3,
        dataset: { sha256: 'e'.repeat(64), rows: 100, columns: ['x', 'y'] },
        metrics: [{ name: 'accuracy', value: 0.91 }],
      });
      const created = await f.registry.aliases.set(
        {
          projectId: project.id,
          modelName: 'clf',
          alias: 'production',
          version: 1,
          reason: 'first release',
        },
        'alice',
      );
      expect(created).toMatchObject({
        name: 'production',
        version: 1,
        revision: 1,
        modelName: 'clf',
      });
      const moved = await f.registry.aliases.set(
        {
          projectId: project.id,
          modelName: 'clf',
          alias: 'production',
          version: 3,
          expectedRevision: 1,
          evaluationId,
        },
        'bob',
      );
      expect(moved).toMatchObject({ version: 3, revision: 2, id: created.id });
      expect(await f.registry.aliases.get(project.id, 'clf', 'production')).toEqual(moved);
      // Same target again: nothing to record.
      expect(
        await f.registry.aliases.set({
          projectId: project.id,
          modelName: 'clf',
          alias: 'production',
          version: 3,
        }),
      ).toEqual(moved);
      await f.registry.aliases.set(
        { projectId: project.id, modelName: 'clf', alias: 'staging', version: 2 },
        'carol',
      );
      const removed = await f.registry.aliases.remove(
        { projectId: project.id, modelName: 'clf', alias: 'staging', reason: 'retired' },
        'carol',
      );
      expect(removed).toMatchObject({ version: null, versionId: null, revision: 2 });

      const history = await f.registry.aliases.history(project.id, 'clf', 'production');
      expect(
        history.items.map(
          ({ revision, fromVersion, toVersion, actor, reason, evaluationId: e }) => ({
            revision,
            fromVersion,
            toVersion,
            actor,
            reason,
            evaluationId: e,
          }),
        ),
      ).toEqual([
        { revision: 2, fromVersion: 1, toVersion: 3, actor: 'bob', reason: null, evaluationId },
        {
          revision: 1,
          fromVersion: null,
          toVersion: 1,
          actor: 'alice',
          reason: 'first release',
          evaluationId: null,
        },
      ]);
      const list = await f.registry.aliases.list(project.id, 'clf');
      expect(list.items.map((a) => [a.name, a.version])).toEqual([
        ['production', 3],
        ['staging', null],
      ]);
      const audit = await f.query<{ action: string }>(
        `SELECT action FROM audit_logs WHERE project_id = $1::uuid AND entity = 'model_alias' ORDER BY id`,
        project.id,
      );
      expect(audit.map((row) => row.action)).toEqual([
        'alias.set',
        'alias.set',
        'alias.set',
        'alias.remove',
      ]);
    });

    it('answer which version held an alias at any instant', async () => {
      const { f, project } = await setUpModel(2);
      const before = new Date(Date.now() - 1000);
      const moves = [1, 2, null, 1] as const;
      for (const version of moves) {
        await sleep(5);
        if (version === null) {
          await f.registry.aliases.remove({
            projectId: project.id,
            modelName: 'clf',
            alias: 'champion',
          });
        } else {
          await f.registry.aliases.set({
            projectId: project.id,
            modelName: 'clf',
            alias: 'champion',
            version,
          });
        }
      }
      const events = (
        await f.registry.aliases.history(project.id, 'clf', 'champion')
      ).items.reverse();
      expect(events.map((e) => e.toVersion)).toEqual([1, 2, null, 1]);
      const at = async (instant: Date | string) =>
        (await f.registry.aliases.resolveAt(project.id, 'clf', 'champion', instant))?.number ??
        null;
      expect(await at(before)).toBeNull();
      for (const [i, event] of events.entries()) {
        expect(await at(event.at)).toBe(event.toVersion);
        const justBefore = new Date(new Date(event.at).getTime() - 1);
        expect(await at(justBefore)).toBe(i === 0 ? null : (events[i - 1]?.toVersion ?? null));
      }
      expect(await at(new Date())).toBe(1);
      expect(
        await f.registry.aliases.resolveAt(project.id, 'clf', 'nobody', new Date()),
      ).toBeNull();
      await expectRegistryError(
        f.registry.aliases.resolveAt(project.id, 'clf', 'champion', 'yesterday'),
        'invalid',
      );
    });

    it('let exactly one of two concurrent promotions from the same revision win', async () => {
      const { f, project } = await setUpModel(3);
      const base = await f.registry.aliases.set({
        projectId: project.id,
        modelName: 'clf',
        alias: 'production',
        version: 1,
      });
      const results = await Promise.allSettled(
        [2, 3].map((version) =>
          f.registry.aliases.set({
            projectId: project.id,
            modelName: 'clf',
            alias: 'production',
            version,
            expectedRevision: base.revision,
          }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const reason: unknown = lost[0]?.reason;
      expect(reason).toBeInstanceOf(RegistryError);
      expect(reason instanceof RegistryError && reason.code).toBe('conflict');
      const history = await f.registry.aliases.history(project.id, 'clf', 'production');
      expect(history.items.map((e) => e.revision)).toEqual([2, 1]);

      await expectRegistryError(
        f.registry.aliases.set({
          projectId: project.id,
          modelName: 'clf',
          alias: 'production',
          version: 1,
          expectedRevision: 1,
        }),
        'conflict',
      );
      await expectRegistryError(
        f.registry.aliases.set({
          projectId: project.id,
          modelName: 'clf',
          alias: 'production',
          version: 1,
          expectedRevision: 0,
        }),
        'conflict',
      );
      // Two creators that both require a new alias: one wins.
      const creators = await Promise.allSettled(
        [1, 2].map((version) =>
          f.registry.aliases.set({
            projectId: project.id,
            modelName: 'clf',
            alias: 'canary',
            version,
            expectedRevision: 0,
          }),
        ),
      );
      expect(creators.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    });

    it('keep a linear, gapless ledger under concurrent unconditional moves', async () => {
      const { f, project } = await setUpModel(4);
      const moves = [1, 2, 3, 4, 1, 2, 3, 4];
      const results = await Promise.all(
        moves.map((version) =>
          f.registry.aliases.set({
            projectId: project.id,
            modelName: 'clf',
            alias: 'staging',
            version,
          }),
        ),
      );
      expect(results.every((r) => r.name === 'staging')).toBe(true);
      const events = (
        await f.registry.aliases.history(project.id, 'clf', 'staging', { limit: 500 })
      ).items.reverse();
      expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i + 1));
      for (let i = 1; i < events.length; i += 1) {
        expect(events[i]?.fromVersion).toBe(events[i - 1]?.toVersion);
        expect(new Date(events[i]?.at ?? 0).getTime()).toBeGreaterThanOrEqual(
          new Date(events[i - 1]?.at ?? 0).getTime(),
        );
      }
      const current = await f.registry.aliases.get(project.id, 'clf', 'staging');
      expect(current?.revision).toBe(events.length);
      expect(current?.version).toBe(events.at(-1)?.toVersion);
    });

    it('refuse unknown versions, unknown aliases and bad names', async () => {
      const { f, project } = await setUpModel(1);
      await expectRegistryError(
        f.registry.aliases.set({
          projectId: project.id,
          modelName: 'clf',
          alias: 'production',
          version: 9,
        }),
        'not_found',
      );
      await expectRegistryError(
        f.registry.aliases.set({
          projectId: project.id,
          modelName: 'nope',
          alias: 'production',
          version: 1,
        }),
        'not_found',
      );
      await expectRegistryError(
        f.registry.aliases.remove({ projectId: project.id, modelName: 'clf', alias: 'ghost' }),
        'not_found',
      );
      await expectRegistryError(
        f.registry.aliases.set({
          projectId: project.id,
          modelName: 'clf',
          alias: '../prod',
          version: 1,
        }),
        'invalid',
      );
      expect(await f.registry.aliases.get(project.id, 'clf', 'ghost')).toBeNull();
      expect((await f.registry.aliases.history(project.id, 'clf', 'ghost')).items).toEqual([]);
    });

    it('have a ledger (and an audit log) that rejects updates and deletes', async () => {
      const { f, project } = await setUpModel(1);
      await f.registry.aliases.set({
        projectId: project.id,
        modelName: 'clf',
        alias: 'production',
        version: 1,
      });
      await expect(f.query(`UPDATE model_alias_events SET actor = 'mallory'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(f.query(`DELETE FROM model_alias_events`)).rejects.toThrow(/append-only/);
      await expect(f.query(`TRUNCATE model_alias_events CASCADE`)).rejects.toThrow(/append-only/);
      await expect(f.query(`DELETE FROM audit_logs`)).rejects.toThrow(/append-only/);
      const history = await f.registry.aliases.history(project.id, 'clf', 'production');
      expect(history.items).toHaveLength(1);
    });
  });
}
