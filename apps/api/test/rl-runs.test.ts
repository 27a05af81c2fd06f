import { compareReturns, episodeCurves } from '@assay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, type ProblemBody, readJson, startHarness } from './harness.js';

interface RlRun {
  id: string;
  name: string;
  agentName: string;
  agentVersion: string | null;
  environment: string;
}
interface Point {
  x: number;
  y: number;
}
interface Report {
  run: RlRun;
  gamma: number;
  steps: number;
  curves: {
    episodes: number;
    returns: { mean: number; std: number; min: number; max: number };
    returnCurve: Point[];
    regret: {
      episodes: number;
      total: number;
      mean: number;
      curve: Point[];
      cumulative: Point[];
    } | null;
    downsampled: boolean;
  } | null;
}

describe('RL runs through the API', () => {
  let h: Harness;
  let viewer: string;
  const base = '/v1/projects/default/rl-runs';
  const create = async (body: Record<string, unknown>) => {
    const res = await h.call(base, json(body));
    expect(res.status, await res.clone().text()).toBe(201);
    return readJson<RlRun>(res);
  };
  const post = (id: string, rewards: unknown, key?: string, auth?: string) =>
    h.call(`${base}/${id}/rewards`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      body: JSON.stringify({ rewards }),
      ...(auth ? { key: auth } : {}),
    });
  const detail = async (res: Response, status: number) => {
    expect(res.status, await res.clone().text()).toBe(status);
    return (await readJson<ProblemBody>(res)).detail;
  };

  beforeAll(async () => {
    h = await startHarness({ ASSAY_AUTH_CACHE_MS: '0' });
    const project = await h.registry.projects.getByName('default');
    viewer = (await h.registry.apiKeys.create({ projectId: project?.id as string, role: 'viewer' }))
      .key;
  });
  afterAll(() => h?.close());

  it('creates, gets and lists runs with pagination and filters; viewers cannot create', async () => {
    const a = await create({
      name: 'dqn-1',
      agentName: 'dqn',
      agentVersion: '1.0',
      environment: 'Bandit-10',
    });
    const b = await create({ name: 'ucb-1', agentName: 'ucb', environment: 'Bandit-10' });
    expect(a).toMatchObject({ agentName: 'dqn', agentVersion: '1.0', environment: 'Bandit-10' });
    const got = await h.call(`${base}/${a.id}`);
    expect(await readJson<RlRun>(got)).toEqual(a);
    const page = await readJson<{ items: RlRun[]; nextCursor: string | null }>(
      await h.call(`${base}?limit=1`),
    );
    expect(page.items.map((r) => r.id)).toEqual([b.id]);
    const next = await readJson<{ items: RlRun[] }>(
      await h.call(`${base}?limit=1&cursor=${encodeURIComponent(page.nextCursor as string)}`),
    );
    expect(next.items.map((r) => r.id)).toEqual([a.id]);
    const dqn = await readJson<{ items: RlRun[] }>(await h.call(`${base}?agent=dqn`));
    expect(dqn.items.map((r) => r.id)).toEqual([a.id]);
    expect(
      await detail(
        await h.call(base, {
          ...json({ name: 'x', agentName: 'x', environment: 'e' }),
          key: viewer,
        }),
        403,
      ),
    ).toMatch(/editor/);
    expect(
      await detail(
        await h.call(base, json({ name: 'dqn-1', agentName: 'dqn', environment: 'e' })),
        409,
      ),
    ).toMatch(/already exists/);
    expect(await detail(await h.call(`${base}/0190b5c0-0000-7000-8000-000000000000`), 404)).toMatch(
      /not found/,
    );
  });

  it('refuses bad runs, rewards and queries with 4xx that say what to fix', async () => {
    const run = await create({ name: 'bad-inputs', agentName: 'a', environment: 'e' });
    expect(await detail(await h.call(base, json({ name: 'y', environment: 'e' })), 400)).toMatch(
      /agentName/,
    );
    expect(
      await detail(
        await h.call(base, json({ name: 'has space', agentName: 'a', environment: 'e' })),
        400,
      ),
    ).toMatch(/name/);
    expect(await detail(await post(run.id, [{ episode: 0, reward: 1 }]), 400)).toMatch(
      /idempotency-key/,
    );
    expect(await detail(await post(run.id, [], 'k0'), 400)).toMatch(/at least one reward/);
    expect(await detail(await post(run.id, [{ episode: -1, reward: 1 }], 'k1'), 400)).toMatch(
      /episode must be at least 0/,
    );
    expect(await detail(await post(run.id, [{ episode: 0, reward: 'x' }], 'k2'), 400)).toMatch(
      /reward must be a finite number/,
    );
    expect(
      await detail(await post(run.id, [{ episode: 0, step: 1.5, reward: 1 }], 'k3'), 400),
    ).toMatch(/step must be an integer/);
    expect(
      await detail(await post(run.id, [{ episode: 0, reward: 1, extra: 1 }], 'k4'), 400),
    ).toMatch(/extra/);
    expect(await detail(await h.call(`${base}/${run.id}/report?gamma=2`), 400)).toMatch(/gamma/);
    expect(await detail(await h.call(`${base}/${run.id}/report?gamma=abc`), 400)).toMatch(
      /decimal/,
    );
    expect(await detail(await h.call(`${base}/${run.id}/report?points=2`), 400)).toMatch(
      /points must be at least 3/,
    );
    expect(await detail(await post(run.id, [{ episode: 0, reward: 1 }], 'v', viewer), 403)).toMatch(
      /editor/,
    );
  });

  it('a retried batch is stored once; a repeated step under a new key is a 409', async () => {
    const run = await create({ name: 'retries', agentName: 'a', environment: 'e' });
    const batch = [
      { episode: 0, step: 0, reward: 1 },
      { episode: 0, step: 1, reward: 2 },
    ];
    const first = await post(run.id, batch, 'batch-1');
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ stored: 2, duplicate: false });
    const again = await post(run.id, batch, 'batch-1');
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual({ stored: 0, duplicate: true });
    expect(await detail(await post(run.id, batch, 'batch-2'), 409)).toMatch(/already stored/);
    const report = await readJson<Report>(await h.call(`${base}/${run.id}/report`));
    expect(report.steps).toBe(2);
    expect(report.curves?.returnCurve).toEqual([{ x: 0, y: 3 }]);
  });

  it('the report has returns, regret and cumulative regret equal to the core’s on the same episodes', async () => {
    const run = await create({ name: 'bandit', agentName: 'eps-greedy', environment: 'Bandit-10' });
    const empty = await readJson<Report>(await h.call(`${base}/${run.id}/report`));
    expect(empty).toMatchObject({ steps: 0, curves: null });
    // 1,200 one-step episodes (a bandit): reward per pull, optimal arm's mean 1.
    const episodes = Array.from({ length: 1200 }, (_, e) => ({
      episode: e,
      return: Math.round(Math.min(1, 0.3 + e / 1500 + 0.2 * Math.sin(e)) * 1000) / 1000,
      optimal: 1,
    }));
    for (let start = 0; start < episodes.length; start += 500) {
      const res = await post(
        run.id,
        episodes
          .slice(start, start + 500)
          .map((e) => ({ episode: e.episode, reward: e.return, optimal: 1 })),
        `b-${start}`,
      );
      expect(res.status).toBe(201);
    }
    const report = await readJson<Report>(await h.call(`${base}/${run.id}/report?points=200`));
    const expected = episodeCurves(episodes, { maxPoints: 200 });
    expect(report.steps).toBe(1200);
    expect(report.curves?.downsampled).toBe(true);
    expect(report.curves?.returnCurve).toHaveLength(200);
    expect(report.curves?.returns.mean).toBeCloseTo(expected.returns.mean, 12);
    expect(report.curves?.regret?.total).toBeCloseTo(expected.regret?.total as number, 9);
    expect(report.curves?.regret?.cumulative.at(-1)?.x).toBe(1199);
    expect(report.curves?.regret?.cumulative.map((p) => p.x)).toEqual(
      expected.regret?.cumulative.map((p) => p.x),
    );
  });

  it('compares two agents with Welch, Mann–Whitney and a bootstrap interval equal to the core’s', async () => {
    const a = await create({ name: 'cmp-a', agentName: 'ppo', environment: 'CartPole-v1' });
    const b = await create({ name: 'cmp-b', agentName: 'dqn', environment: 'CartPole-v1' });
    const returnsA = [200, 180, 195, 210, 205, 190, 220, 185, 199, 201];
    const returnsB = [150, 170, 160, 165, 175, 140, 155];
    // Per step: each episode's return split over three steps.
    const steps = (returns: number[]) =>
      returns.flatMap((g, e) =>
        [0, 1, 2].map((step) => ({ episode: e, step, reward: g / 4 + (step === 0 ? g / 4 : 0) })),
      );
    expect((await post(a.id, steps(returnsA), 'a')).status).toBe(201);
    const none = await h.call(`${base}/${a.id}/compare/${b.id}`);
    expect(await detail(none, 409)).toMatch(/has no rewards yet/);
    expect((await post(b.id, steps(returnsB), 'b')).status).toBe(201);
    const res = await h.call(
      `${base}/${a.id}/compare/${b.id}?nResamples=500&seed=3&confidenceLevel=0.9`,
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await readJson<{
      a: RlRun;
      b: RlRun;
      comparison: ReturnType<typeof compareReturns>;
    }>(res);
    const expected = compareReturns(returnsA, returnsB, {
      nResamples: 500,
      seed: 3,
      confidenceLevel: 0.9,
    });
    expect(body.a.id).toBe(a.id);
    expect(body.comparison.welch?.t).toBeCloseTo(expected.welch?.t as number, 10);
    expect(body.comparison.mannWhitney).toEqual(expected.mannWhitney);
    // B has 7 episodes (≤ 8) and no return is tied: SciPy's auto picks the exact distribution.
    expect(body.comparison.mannWhitney.method).toBe('exact');
    expect(body.comparison.bootstrap.low).toBeCloseTo(expected.bootstrap.low, 10);
    expect(body.comparison.bootstrap.high).toBeCloseTo(expected.bootstrap.high, 10);
    expect(await detail(await h.call(`${base}/${a.id}/compare/${b.id}?nResamples=0`), 400)).toMatch(
      /nResamples must be at least 1/,
    );
    expect(
      await detail(
        await h.call(`${base}/${a.id}/compare/0190b5c0-0000-7000-8000-000000000000`),
        404,
      ),
    ).toMatch(/not found/);
  });
});
