import { judgeItemOrder, machineOnLeft } from '@assay/core/human';
import { describe, expect, it } from 'vitest';
import type { BackendFixture } from '../backends.js';
import { expectRegistryError, unique } from '../helpers.js';

/** Turing studies (issue 15): items in batches, judges by token, blinded judging stored once. */
export function turingStudySuite(fixture: () => BackendFixture): void {
  const setUp = async (mode: 'side-by-side' | 'single' = 'side-by-side') => {
    const f = fixture();
    const project = await f.registry.projects.create({ name: unique('turing-proj') });
    const study = await f.registry.turingStudies.create(
      { projectId: project.id, name: unique('study'), mode },
      'alice',
    );
    return { f, project, study };
  };
  const pairs = (n: number, system = 'sys-a') =>
    Array.from({ length: n }, (_, i) => ({
      prompt: `prompt ${i}`,
      humanAnswer: `human ${i}`,
      machineAnswer: `machine ${i} ${system}`,
      system,
    }));

  describe('Turing studies', () => {
    it('create, add items in batches (positions continue), get and list', async () => {
      const { f, project, study } = await setUp();
      expect(study).toMatchObject({
        status: 'draft',
        mode: 'side-by-side',
        items: 0,
        createdBy: 'alice',
      });
      expect(await f.registry.turingStudies.addItems(project.id, study.id, pairs(3))).toEqual({
        added: 3,
        total: 3,
      });
      expect(
        await f.registry.turingStudies.addItems(project.id, study.id, pairs(2, 'sys-b')),
      ).toEqual({ added: 2, total: 5 });
      const items = await f.registry.turingStudies.listItems(project.id, study.id);
      expect(items.items.map((i) => [i.position, i.system])).toEqual([
        [0, 'sys-a'],
        [1, 'sys-a'],
        [2, 'sys-a'],
        [3, 'sys-b'],
        [4, 'sys-b'],
      ]);
      // Random (v4) ids: they carry no upload order.
      expect(items.items.every((i) => /^[0-9a-f-]{14}4/.test(i.id))).toBe(true);
      expect((await f.registry.turingStudies.get(project.id, study.id))?.items).toBe(5);
      expect((await f.registry.turingStudies.list(project.id)).items.map((s) => s.id)).toEqual([
        study.id,
      ]);
      await expectRegistryError(
        f.registry.turingStudies.create({
          projectId: project.id,
          name: study.name,
          mode: 'single',
        }),
        'conflict',
      );
    });

    it('refuses items that do not fit the mode, naming the item and field', async () => {
      const { f, project, study } = await setUp('single');
      const error = await expectRegistryError(
        f.registry.turingStudies.addItems(project.id, study.id, [
          { answer: 'a', origin: 'human' },
          { prompt: 'p', humanAnswer: 'h', machineAnswer: 'm' },
          { answer: 'b', origin: 'human', system: 'x' },
        ]),
        'invalid',
      );
      expect(error.message).toMatch(/items\.1\.answer: a single item needs answer/);
      expect(error.message).toMatch(/items\.2\.system: a human answer has no system/);
      expect((await f.registry.turingStudies.get(project.id, study.id))?.items).toBe(0);
    });

    it('opens only with items, closes only when open, and a closed study takes no items', async () => {
      const { f, project, study } = await setUp();
      await expectRegistryError(
        f.registry.turingStudies.setStatus(project.id, study.id, 'open'),
        'conflict',
      );
      await expectRegistryError(
        f.registry.turingStudies.setStatus(project.id, study.id, 'closed'),
        'conflict',
      );
      await f.registry.turingStudies.addItems(project.id, study.id, pairs(1));
      expect((await f.registry.turingStudies.setStatus(project.id, study.id, 'open')).status).toBe(
        'open',
      );
      const closed = await f.registry.turingStudies.setStatus(project.id, study.id, 'closed');
      expect(closed.status).toBe('closed');
      expect(closed.closedAt).not.toBeNull();
      await expectRegistryError(
        f.registry.turingStudies.addItems(project.id, study.id, pairs(1)),
        'conflict',
      );
      await expectRegistryError(
        f.registry.turingStudies.inviteJudge(project.id, study.id, { name: 'late' }),
        'conflict',
      );
    });

    it('stores only the hash of an invitation token; the token authenticates until revoked', async () => {
      const { f, project, study } = await setUp();
      const { token, judge } = await f.registry.turingStudies.inviteJudge(project.id, study.id, {
        name: 'ann',
      });
      expect(token).toMatch(/^assay_judge_[A-Za-z0-9_-]{43}$/);
      expect(judge.prefix).toBe(token.slice(0, 18));
      const rows = await f.query<{ token_hash: string }>(
        `SELECT token_hash FROM turing_judges WHERE id = '${judge.id}'`,
      );
      expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(rows)).not.toContain(token.slice(18));
      expect((await f.registry.turingStudies.authenticateJudge(token))?.study.id).toBe(study.id);
      expect(await f.registry.turingStudies.authenticateJudge(`${token.slice(0, -1)}x`)).toBeNull();
      expect(await f.registry.turingStudies.authenticateJudge('assay_not-a-token')).toBeNull();
      await expectRegistryError(
        f.registry.turingStudies.inviteJudge(project.id, study.id, { name: 'ann' }),
        'conflict',
      );
      await f.registry.turingStudies.revokeJudge(project.id, study.id, judge.id);
      expect(await f.registry.turingStudies.authenticateJudge(token)).toBeNull();
    });

    it('gives each judge the items blinded, in their own reproducible order, and stores a verdict once', async () => {
      const { f, project, study } = await setUp();
      await f.registry.turingStudies.addItems(project.id, study.id, pairs(6));
      const { judge } = await f.registry.turingStudies.inviteJudge(project.id, study.id, {
        name: 'ann',
      });
      const { judge: other } = await f.registry.turingStudies.inviteJudge(project.id, study.id, {
        name: 'bob',
      });
      const draft = await f.registry.turingStudies.nextItem(judge.id);
      expect(draft.item).toBeNull(); // not open yet
      await f.registry.turingStudies.setStatus(project.id, study.id, 'open');
      const all = (await f.registry.turingStudies.listItems(project.id, study.id)).items;
      const expectedOrder = judgeItemOrder(
        study.id,
        judge.id,
        all.map((i) => i.id),
      );
      const seen: string[] = [];
      for (;;) {
        const view = await f.registry.turingStudies.nextItem(judge.id);
        expect(view.total).toBe(6);
        expect(view.judged).toBe(seen.length);
        if (view.item === null) break;
        expect(Object.keys(view.item).sort()).toEqual(['answer', 'id', 'left', 'prompt', 'right']);
        const full = all.find((i) => i.id === view.item?.id);
        const left = machineOnLeft(study.id, judge.id, view.item.id);
        expect(view.item.left).toBe(left ? full?.machineAnswer : full?.humanAnswer);
        // Calling again before judging gives the same item.
        expect((await f.registry.turingStudies.nextItem(judge.id)).item?.id).toBe(view.item.id);
        const choice = seen.length % 2 === 0 ? 'left' : 'right';
        const receipt = await f.registry.turingStudies.submitJudgement(judge.id, {
          itemId: view.item.id,
          choice,
        });
        expect(receipt).toMatchObject({ itemId: view.item.id, choice, replayed: false });
        expect(Object.keys(receipt).sort()).toEqual(['choice', 'createdAt', 'itemId', 'replayed']);
        seen.push(view.item.id);
      }
      expect(seen).toEqual(expectedOrder);
      // The other judge is untouched by ann's verdicts.
      expect((await f.registry.turingStudies.nextItem(other.id)).judged).toBe(0);
      // Stored once: same choice replays, another conflicts.
      const first = seen[0] as string;
      expect(
        (
          await f.registry.turingStudies.submitJudgement(judge.id, {
            itemId: first,
            choice: 'left',
          })
        ).replayed,
      ).toBe(true);
      await expectRegistryError(
        f.registry.turingStudies.submitJudgement(judge.id, { itemId: first, choice: 'right' }),
        'conflict',
      );
      await expectRegistryError(
        f.registry.turingStudies.submitJudgement(judge.id, { itemId: first, choice: 'human' }),
        'invalid',
      );
      const data = await f.registry.turingStudies.reportData(project.id, study.id);
      expect(data.judgements).toHaveLength(6);
      for (const j of data.judgements) {
        const k = seen.indexOf(j.item);
        const left = machineOnLeft(study.id, judge.id, j.item);
        const pickedLeft = k % 2 === 0;
        expect(j.label).toBe(pickedLeft === left ? 'machine' : 'human');
      }
    });

    it('concurrent submissions of one verdict store one row', async () => {
      const { f, project, study } = await setUp('single');
      await f.registry.turingStudies.addItems(project.id, study.id, [
        { answer: 'hello', origin: 'machine', system: 'x' },
      ]);
      const { judge } = await f.registry.turingStudies.inviteJudge(project.id, study.id, {
        name: 'ann',
      });
      await f.registry.turingStudies.setStatus(project.id, study.id, 'open');
      const view = await f.registry.turingStudies.nextItem(judge.id);
      expect(view.item).toMatchObject({ answer: 'hello', left: null, right: null, prompt: null });
      const itemId = view.item?.id as string;
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          f.registry.turingStudies.submitJudgement(judge.id, { itemId, choice: 'human' }),
        ),
      );
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      const rows = await f.query<{ n: bigint | number }>(
        `SELECT count(*) AS n FROM turing_judgements WHERE judge_id = '${judge.id}'`,
      );
      expect(Number(rows[0]?.n)).toBe(1);
      expect((await f.registry.turingStudies.reportData(project.id, study.id)).judgements).toEqual([
        { judge: judge.id, item: itemId, label: 'human' },
      ]);
    });

    it("a judge reaches only their own study's items", async () => {
      const a = await setUp();
      const b = await setUp();
      await a.f.registry.turingStudies.addItems(a.project.id, a.study.id, pairs(1));
      await b.f.registry.turingStudies.addItems(b.project.id, b.study.id, pairs(1));
      await a.f.registry.turingStudies.setStatus(a.project.id, a.study.id, 'open');
      await b.f.registry.turingStudies.setStatus(b.project.id, b.study.id, 'open');
      const { judge } = await a.f.registry.turingStudies.inviteJudge(a.project.id, a.study.id, {
        name: 'ann',
      });
      const foreign = (await b.f.registry.turingStudies.listItems(b.project.id, b.study.id))
        .items[0]?.id as string;
      await expectRegistryError(
        a.f.registry.turingStudies.submitJudgement(judge.id, { itemId: foreign, choice: 'left' }),
        'not_found',
      );
      await expectRegistryError(
        a.f.registry.turingStudies.listItems(b.project.id, a.study.id),
        'not_found',
      );
    });
  });
}
