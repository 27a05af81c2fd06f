import { turingReport } from '@assay/core/human';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, type ProblemBody, readJson, startHarness } from './harness.js';

interface Study {
  id: string;
  status: string;
  items: number;
  judges: number;
  judgements: number;
}
interface View {
  judged: number;
  total: number;
  item: {
    id: string;
    prompt: string | null;
    left: string | null;
    right: string | null;
    answer: string | null;
  } | null;
}
interface Invitation {
  token: string;
  link: string;
  judge: { id: string; name: string };
}

const PROMPTS = [
  'What is the capital of France?',
  'Describe a sunset in one sentence.',
  'Name a prime number above ten.',
  'What do bees make?',
  'Give a synonym for happy.',
  'What colour is the sky on a clear day?',
];

describe('Turing studies through the API', () => {
  let h: Harness;
  let editor: string;
  let viewer: string;
  const base = '/v1/projects/default/turing-studies';
  const asJudge = (token: string | null, init: RequestInit = {}) => ({
    ...init,
    key: null,
    headers: {
      ...(init.headers as Record<string, string>),
      ...(token === null ? {} : { 'x-judge-token': token }),
    },
  });
  const next = async (id: string, token: string) => {
    const res = await h.call(`${base}/${id}/judging/next`, asJudge(token));
    expect(res.status, await res.clone().text()).toBe(200);
    return readJson<View>(res);
  };
  const judge = (id: string, token: string, itemId: string, choice: string) =>
    h.call(`${base}/${id}/judging/judgements`, asJudge(token, json({ itemId, choice })));

  const newStudy = async (name: string, mode = 'side-by-side') => {
    const res = await h.call(base, { ...json({ name, mode }), key: editor });
    expect(res.status, await res.clone().text()).toBe(201);
    return readJson<Study>(res);
  };
  const items = (system: string) =>
    PROMPTS.map((prompt, i) => ({
      prompt,
      humanAnswer: `Human answer ${i}: ${prompt.toLowerCase()}`,
      machineAnswer: `Generated answer ${i}${system === 'sys-a' ? '' : ', at length'}: ${prompt.toLowerCase()}`,
      system,
    }));
  const invite = async (id: string, name: string) => {
    const res = await h.call(`${base}/${id}/judges`, { ...json({ name }), key: editor });
    expect(res.status, await res.clone().text()).toBe(201);
    return readJson<Invitation>(res);
  };

  beforeAll(async () => {
    h = await startHarness({ ASSAY_AUTH_CACHE_MS: '0' });
    const project = await h.registry.projects.getByName('default');
    const projectId = project?.id as string;
    editor = (await h.registry.apiKeys.create({ projectId, role: 'editor' })).key;
    viewer = (await h.registry.apiKeys.create({ projectId, role: 'viewer' })).key;
  });
  afterAll(() => h?.close());

  it('refuses bad studies and items with 4xx that say what to fix', async () => {
    const bad = await h.call(base, { ...json({ name: 'x', mode: 'duel' }), key: editor });
    expect(bad.status).toBe(400);
    expect((await readJson<ProblemBody>(bad)).errors[0]?.path).toMatch(/mode/);
    expect(
      (await h.call(base, { ...json({ name: 'x', mode: 'single' }), key: viewer })).status,
    ).toBe(403);
    const study = await newStudy('refusals', 'single');
    const wrong = await h.call(`${base}/${study.id}/items`, {
      ...json({ items: [{ prompt: 'p', humanAnswer: 'h', machineAnswer: 'm' }] }),
      key: editor,
    });
    expect(wrong.status).toBe(400);
    expect((await readJson<ProblemBody>(wrong)).detail).toMatch(
      /items\.0\.answer: a single item needs answer/,
    );
    const empty = await h.call(`${base}/${study.id}/items`, {
      ...json({ items: [] }),
      key: editor,
    });
    expect(empty.status).toBe(400);
    expect((await readJson<ProblemBody>(empty)).detail).toMatch(/at least one item/);
    const open = await h.call(`${base}/${study.id}/open`, { method: 'POST', key: editor });
    expect(open.status).toBe(409);
    expect((await readJson<ProblemBody>(open)).detail).toMatch(/no items/);
  });

  it('runs a side-by-side study of two systems with three judges, blinded, to its report', async () => {
    const study = await newStudy('two-models');
    for (const system of ['sys-a', 'sys-b']) {
      const res = await h.call(`${base}/${study.id}/items`, {
        ...json({ items: items(system) }),
        key: editor,
      });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const judges = [
      await invite(study.id, 'ann'),
      await invite(study.id, 'bob'),
      await invite(study.id, 'cy'),
    ];
    for (const j of judges) {
      expect(j.token).toMatch(/^assay_judge_/);
      expect(j.link).toBe(`/turing/judge/default/${study.id}/${j.token}`);
    }
    const [ann, bob, cy] = judges as [Invitation, Invitation, Invitation];

    // Before opening: no item to judge; no API key is needed, the token is enough.
    expect((await next(study.id, ann.token)).item).toBeNull();
    expect((await h.call(`${base}/${study.id}/open`, { method: 'POST', key: editor })).status).toBe(
      200,
    );

    // Owner's view: which answer is the machine's.
    const listed = await h.call(`${base}/${study.id}/items?limit=100`, { key: editor });
    const all = (
      await readJson<{ items: { id: string; machineAnswer: string; system: string }[] }>(listed)
    ).items;
    const machineText = new Map(all.map((i) => [i.id, i.machineAnswer]));

    const orders = new Map<string, string[]>();
    for (const [k, j] of judges.entries()) {
      const seen: string[] = [];
      for (;;) {
        const view = await next(study.id, j.token);
        expect(view.judged).toBe(seen.length);
        if (view.item === null) break;
        // Blind: no origin, no system, no upload order; the system names never appear.
        expect(Object.keys(view.item).sort()).toEqual(['answer', 'id', 'left', 'prompt', 'right']);
        expect(JSON.stringify(view)).not.toMatch(/sys-[ab]|origin|system|position/);
        // One at a time: asking again gives the same item until it is judged.
        expect((await next(study.id, j.token)).item?.id).toBe(view.item.id);
        const machineLeft = view.item.left === machineText.get(view.item.id);
        // ann always finds the machine, bob never, cy on even items.
        const right = k === 0 || (k === 2 && seen.length % 2 === 0);
        const choice = machineLeft === right ? 'left' : 'right';
        const res = await judge(study.id, j.token, view.item.id, choice);
        expect(res.status, await res.clone().text()).toBe(201);
        const receipt = await readJson<Record<string, unknown>>(res);
        expect(Object.keys(receipt).sort()).toEqual(['choice', 'createdAt', 'itemId', 'replayed']);
        seen.push(view.item.id);
      }
      expect(seen).toHaveLength(12);
      orders.set(j.judge.name, seen);
    }
    // Shuffled per judge: three different orders of the same items.
    expect(new Set([...orders.values()].map((o) => o.join()))).toHaveProperty('size', 3);
    expect([...(orders.get('ann') as string[])].sort()).toEqual(
      [...(orders.get('bob') as string[])].sort(),
    );

    // Stored once: the same answer is a replay, another is a 409.
    const first = (orders.get('ann') as string[])[0] as string;
    const firstView = machineText.get(first);
    expect(firstView).toBeDefined();
    const again = await judge(study.id, ann.token, first, 'left');
    const other = await judge(study.id, ann.token, first, 'right');
    expect([again.status, other.status].sort()).toEqual([201, 409]);

    // Results are hidden from judges until the study closes.
    const hidden = await h.call(`${base}/${study.id}/judging/results`, asJudge(bob.token));
    expect(hidden.status).toBe(403);
    expect((await readJson<ProblemBody>(hidden)).detail).toMatch(
      /hidden from judges until the study closes/,
    );

    // The report: an editor's; a viewer's key is refused, and a judge's token is no API key.
    expect((await h.call(`${base}/${study.id}/report`, { key: viewer })).status).toBe(403);
    expect((await h.call(`${base}/${study.id}/report`, { key: cy.token })).status).toBe(401);
    const res = await h.call(`${base}/${study.id}/report`, { key: editor });
    expect(res.status, await res.clone().text()).toBe(200);
    const { report, judges: names } = await readJson<{
      report: ReturnType<typeof turingReport>;
      judges: { id: string; name: string }[];
    }>(res);
    expect(names.map((n) => n.name)).toEqual(['ann', 'bob', 'cy']);
    const accuracy = (name: string) =>
      report.perJudge.find((p) => p.judge === names.find((n) => n.name === name)?.id)?.proportion;
    expect([accuracy('ann'), accuracy('bob'), accuracy('cy')]).toEqual([1, 0, 0.5]);
    expect(report.accuracy).toMatchObject({ correct: 18, total: 36 });
    expect(report.deception).toMatchObject({ machineJudgements: 36, deceived: 18, rate: 0.5 });
    expect(report.agreement.judges).toBe(3);
    expect(report.agreement.cohenKappa).toBeNull();
    expect(report.agreement.fleissItems).toBe(12);
    expect(report.text.map((t) => t.system)).toEqual(['sys-a', 'sys-b']);
    expect(report.pairedTest).toMatchObject({ baseline: 'sys-a', candidate: 'sys-b', segments: 6 });
    // Exactly the core's report on the stored data (whose statistics are checked against SciPy,
    // scikit-learn and statsmodels in the core's tests).
    const data = await h.registry.turingStudies.reportData(
      (await h.registry.projects.getByName('default'))?.id as string,
      study.id,
    );
    expect(report).toEqual(JSON.parse(JSON.stringify(turingReport(data))));

    // Closing: judging stops, the results appear to judges.
    const dee = await invite(study.id, 'dee');
    expect(
      (await h.call(`${base}/${study.id}/close`, { method: 'POST', key: editor })).status,
    ).toBe(200);
    expect((await next(study.id, dee.token)).item).toBeNull();
    const late = await judge(study.id, dee.token, first, 'right');
    expect(late.status).toBe(409);
    expect((await readJson<ProblemBody>(late)).detail).toMatch(
      /closed; it takes judgements only while open/,
    );
    const shown = await h.call(`${base}/${study.id}/judging/results`, asJudge(ann.token));
    expect(shown.status).toBe(200);
    expect(await readJson(shown)).toMatchObject({
      judged: 12,
      correct: 12,
      accuracy: 1,
      overallAccuracy: 0.5,
    });
  });

  it("a judge's token reaches only their own study, and nothing without it", async () => {
    const a = await newStudy('scope-a', 'single');
    const b = await newStudy('scope-b', 'single');
    for (const s of [a, b]) {
      await h.call(`${base}/${s.id}/items`, {
        ...json({
          items: [
            { answer: `an answer of ${s.id}`, origin: 'machine', system: 'x' },
            { answer: 'hi', origin: 'human' },
          ],
        }),
        key: editor,
      });
      await h.call(`${base}/${s.id}/open`, { method: 'POST', key: editor });
    }
    const { token } = await invite(a.id, 'ann');
    const { token: tokenB } = await invite(b.id, 'bob');
    const mine = await next(a.id, token);
    expect(mine.item?.answer).toBeDefined();
    expect(mine.item).toMatchObject({ left: null, right: null });
    // Another study's routes with this token: 403; no token or a bad one: 401.
    expect((await h.call(`${base}/${b.id}/judging/next`, asJudge(token))).status).toBe(403);
    expect((await h.call(`${base}/${a.id}/judging/next`, asJudge(null))).status).toBe(401);
    expect(
      (await h.call(`${base}/${a.id}/judging/next`, asJudge(`${token.slice(0, -2)}xx`))).status,
    ).toBe(401);
    // An item of the other study, submitted with this study's token: not found.
    const foreign = (await next(b.id, tokenB)).item?.id as string;
    const res = await judge(a.id, token, foreign, 'human');
    expect(res.status).toBe(404);
    // A side-by-side choice in a single-answer study: 400 saying which choices fit.
    const wrong = await judge(a.id, token, mine.item?.id as string, 'left');
    expect(wrong.status).toBe(400);
    expect((await readJson<ProblemBody>(wrong)).detail).toMatch(/human or machine/);
    // Owner routes refuse the token (it is not an API key).
    expect((await h.call(`${base}/${a.id}/items`, { key: token })).status).toBe(401);
    // A judge never sees how other judges voted: the view counts only their own judgements.
    expect((await judge(b.id, tokenB, foreign, 'machine')).status).toBe(201);
    expect((await next(a.id, token)).judged).toBe(0);
    // Revoked: 401.
    const judges = await readJson<{ items: { id: string }[] }>(
      await h.call(`${base}/${a.id}/judges`, { key: viewer }),
    );
    const id = judges.items[0]?.id as string;
    expect(
      (await h.call(`${base}/${a.id}/judges/${id}`, { method: 'DELETE', key: editor })).status,
    ).toBe(200);
    expect((await h.call(`${base}/${a.id}/judging/next`, asJudge(token))).status).toBe(401);
  });
});
