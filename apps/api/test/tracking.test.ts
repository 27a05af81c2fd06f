import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, type ProblemBody, readJson, startHarness } from './harness.js';

interface Run {
  metrics?: Record<string, number>;
  id: string;
  status: string;
  params: Record<string, unknown>;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe('experiments, runs and metric logging', () => {
  let h: Harness;
  let run: Run;
  beforeAll(async () => {
    h = await startHarness();
    expect((await h.call('/v1/projects/default/experiments', json({ name: 'churn' }))).status).toBe(
      201,
    );
    const res = await h.call(
      '/v1/projects/default/experiments/churn/runs',
      json({ name: 'baseline', params: { lr: 0.01, depth: 6, model: 'gbm' } }),
    );
    expect(res.status).toBe(201);
    run = await readJson<Run>(res);
  });
  afterAll(() => h?.close());

  it('starts a run in the running state with its params', () => {
    expect(run).toMatchObject({ status: 'running', params: { lr: 0.01, depth: 6, model: 'gbm' } });
  });

  it('logs a batch of points and reads one metric back in step order, page by page', async () => {
    const points = Array.from({ length: 250 }, (_, step) => ({
      key: 'train/loss',
      value: 1 / (step + 1),
      step,
    }));
    points.push({ key: 'val/auc', value: 0.9, step: 0 });
    const res = await h.call(`/v1/runs/${run.id}/metrics`, json({ points }));
    expect(res.status).toBe(201);
    expect(await readJson<{ count: number }>(res)).toEqual({ count: 251 });

    const steps: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/runs/${run.id}/metrics?key=train%2Floss&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: Page<{ step: number; value: number }> = await readJson(await h.call(url));
      steps.push(...page.items.map((p) => p.step));
      cursor = page.nextCursor;
    } while (cursor);
    expect(steps).toEqual(points.slice(0, 250).map((p) => p.step));
    // The run's keys, with their counts and step spans.
    const keys = await h.call(`/v1/runs/${run.id}/metric-keys`);
    expect(keys.status).toBe(200);
    expect(await readJson(keys)).toEqual({
      items: [
        { key: 'train/loss', count: 250, firstStep: 0, lastStep: 249 },
        { key: 'val/auc', count: 1, firstStep: 0, lastStep: 0 },
      ],
    });
    // Downsampled on the server (LTTB): first and last kept, at most maxPoints.
    const small = await readJson<Page<{ step: number; value: number }>>(
      await h.call(`/v1/runs/${run.id}/metrics?key=train%2Floss&maxPoints=20`),
    );
    // 250 points > 8 × 20: from the envelope, LTTB to 18 points plus the extremes if missing.
    expect(small.items.length).toBeLessThanOrEqual(20);
    expect(small.items.length).toBeGreaterThanOrEqual(18);
    expect(small.items[0]?.step).toBe(0);
    expect(small.items.at(-1)?.step).toBe(249);
    expect(small.nextCursor).toBeNull();
    // The same answer again; a point logged later is in the next answer.
    const again = await h.call(`/v1/runs/${run.id}/metrics?key=train%2Floss&maxPoints=20`);
    expect(await readJson(again)).toEqual(small);
    const more = await h.call(
      `/v1/runs/${run.id}/metrics`,
      json({ points: [{ key: 'train/loss', value: 0.001, step: 300 }] }),
    );
    expect(more.status).toBe(201);
    const grown = await readJson<Page<{ step: number }>>(
      await h.call(`/v1/runs/${run.id}/metrics?key=train%2Floss&maxPoints=20`),
    );
    expect(grown.items.at(-1)?.step).toBe(300);
    const mixed = await h.call(`/v1/runs/${run.id}/metrics?key=train%2Floss&maxPoints=20&limit=5`);
    expect(mixed.status).toBe(400);
    expect((await readJson<ProblemBody>(mixed)).detail).toMatch(/drop cursor and limit/);
    const missing = await h.call('/v1/runs/00000000-0000-4000-8000-000000000000/metric-keys');
    expect(missing.status).toBe(404);
  });

  it('downsamples a long history from its envelope, keeping its ends and extremes', async () => {
    // 20,000 points, far more than 8 × maxPoints: read from the envelope kept while logging, not
    // point by point. Logged backwards, in two requests, with a one-step dip and a one-step spike.
    const value = (step: number) =>
      step === 7_777 ? -3 : step === 12_345 ? 9 : Math.sin(step / 500) + step / 20_000;
    for (const start of [10_000, 0]) {
      const points = Array.from({ length: 10_000 }, (_, i) => ({
        key: 'long',
        value: value(start + i),
        step: start + i,
      }));
      expect((await h.call(`/v1/runs/${run.id}/metrics`, json({ points }))).status).toBe(201);
    }
    const page = await readJson<Page<{ step: number; value: number }>>(
      await h.call(`/v1/runs/${run.id}/metrics?key=long&maxPoints=50`),
    );
    expect(page.items.length).toBeLessThanOrEqual(50);
    expect(page.items.length).toBeGreaterThan(40);
    expect(page.items[0]).toMatchObject({ step: 0, value: value(0) });
    expect(page.items.at(-1)).toMatchObject({ step: 19_999, value: value(19_999) });
    expect(page.items).toContainEqual(expect.objectContaining({ step: 7_777, value: -3 }));
    expect(page.items).toContainEqual(expect.objectContaining({ step: 12_345, value: 9 }));
    // Logged points only, in step order.
    for (const p of page.items) expect(p.value).toBe(value(p.step));
    const steps = page.items.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('downsamples several runs in one request, each as the single-run route does', async () => {
    const res = await h.call(
      '/v1/projects/default/experiments/churn/runs',
      json({ name: 'tuned', params: { lr: 0.1 } }),
    );
    const tuned = await readJson<Run>(res);
    const points = Array.from({ length: 300 }, (_, step) => ({
      key: 'train/loss',
      value: Math.cos(step / 9),
      step: step * 2,
    }));
    expect((await h.call(`/v1/runs/${tuned.id}/metrics`, json({ points }))).status).toBe(201);
    interface Batch {
      items: { run: string; metrics: { key: string; count: number; points: unknown[] }[] }[];
    }
    for (const maxPoints of [3, 20, 600]) {
      const batch = await readJson<Batch>(
        await h.call(
          `/v1/runs/metrics/downsampled?runs=${tuned.id},${run.id}&maxPoints=${maxPoints}`,
        ),
      );
      expect(batch.items.map((r) => r.run)).toEqual([tuned.id, run.id]);
      for (const { run: id, metrics } of batch.items) {
        const keys = await readJson<{ items: { key: string; count: number }[] }>(
          await h.call(`/v1/runs/${id}/metric-keys`),
        );
        expect(metrics.map((m) => [m.key, m.count])).toEqual(
          keys.items.map((k) => [k.key, k.count]),
        );
        for (const m of metrics) {
          const one = await readJson<Page<unknown>>(
            await h.call(
              `/v1/runs/${id}/metrics?key=${encodeURIComponent(m.key)}&maxPoints=${maxPoints}`,
            ),
          );
          expect(m.points).toEqual(one.items);
        }
      }
    }
    const some = await readJson<Batch>(
      await h.call(
        `/v1/runs/metrics/downsampled?runs=${run.id},${tuned.id}&keys=long,nope&maxPoints=50`,
      ),
    );
    expect(some.items.map((r) => [r.run, r.metrics.map((m) => m.key)])).toEqual([
      [run.id, ['long']],
      [tuned.id, []],
    ]);

    const bad = async (query: string, status: number, detail: RegExp) => {
      const answer = await h.call(`/v1/runs/metrics/downsampled?${query}`);
      expect(answer.status, query).toBe(status);
      expect(JSON.stringify(await readJson<ProblemBody>(answer)), query).toMatch(detail);
    };
    const many = Array.from({ length: 51 }, () => run.id).join(',');
    await bad(`maxPoints=20`, 400, /runs/);
    await bad(`runs=${run.id}`, 400, /maxPoints/);
    await bad(`runs=${run.id}&maxPoints=2`, 400, /maxPoints must be at least 3/);
    await bad(`runs=${run.id},not-a-uuid&maxPoints=20`, 400, /runs/);
    await bad(`runs=${run.id},&maxPoints=20`, 400, /runs/);
    await bad(`runs=${many}&maxPoints=20`, 400, /at most 50/);
    await bad(`runs=${run.id}&keys=a%2Cb%3F&maxPoints=20`, 400, /metric key may contain/);
    await bad(`runs=${run.id}&maxPoints=20&limit=5`, 400, /limit/);
    await bad(`runs=${run.id},00000000-0000-4000-8000-000000000000&maxPoints=20`, 404, /0000/);
    const other = await h.registry.projects.create({ name: 'batch-elsewhere' });
    const { key } = await h.registry.apiKeys.create({ projectId: other.id, role: 'admin' });
    const hidden = await h.call(`/v1/runs/metrics/downsampled?runs=${run.id}&maxPoints=20`, {
      key,
    });
    expect(hidden.status).toBe(404);
  });

  it('refuses more than 10 000 points in one request, and stores none of them', async () => {
    const points = Array.from({ length: 10_001 }, (_, step) => ({ key: 'big', value: step, step }));
    const res = await h.call(`/v1/runs/${run.id}/metrics`, json({ points }));
    expect(res.status).toBe(400);
    const page = await readJson<Page<unknown>>(await h.call(`/v1/runs/${run.id}/metrics?key=big`));
    expect(page.items).toEqual([]);
  });

  it('refuses a batch with one bad point, naming it, and stores nothing', async () => {
    const res = await h.call(
      `/v1/runs/${run.id}/metrics`,
      json({
        points: [
          { key: 'ok', value: 1 },
          { key: 'ok', value: 'high' },
        ],
      }),
    );
    const problem = await readJson<ProblemBody>(res);
    expect(res.status).toBe(400);
    expect(problem.errors[0]?.path).toBe('body.points.1.value');
    const page = await readJson<Page<unknown>>(await h.call(`/v1/runs/${run.id}/metrics?key=ok`));
    expect(page.items).toEqual([]);
  });

  it('lists runs sorted and filtered by the database, and says what is wrong with a bad query', async () => {
    await h.call('/v1/projects/default/experiments', json({ name: 'sweep' }));
    for (const [name, lr, team, acc] of [
      ['slow', 0.01, 'ml', 0.8],
      ['fast', 0.3, 'ml', 0.7],
      ['mid', 0.1, 'ops', 0.9],
    ] as const) {
      const res = await h.call(
        '/v1/projects/default/experiments/sweep/runs',
        json({ name, params: { lr, depth: 3 }, tags: { team } }),
      );
      expect(res.status).toBe(201);
      const { id } = await readJson<Run>(res);
      const logged = await h.call(
        `/v1/runs/${id}/metrics`,
        json({
          points: [
            { key: 'acc', value: acc / 2, step: 0 },
            { key: 'acc', value: acc, step: 1 },
          ],
        }),
      );
      expect(logged.status).toBeLessThan(300);
    }
    const names = async (query: string) => {
      const res = await h.call(`/v1/projects/default/experiments/sweep/runs?${query}`);
      expect(res.status).toBe(200);
      return (await readJson<Page<{ name: string }>>(res)).items.map((r) => r.name);
    };
    expect(await names('sort=-params.lr')).toEqual(['fast', 'mid', 'slow']);
    expect(await names('sort=name&tags=team%3Dml')).toEqual(['fast', 'slow']);
    expect(await names('params=lr%3D0.1,depth%3D3')).toEqual(['mid']);
    expect(await names('status=finished')).toEqual([]);
    // By each run's latest metric value (the last step's).
    expect(await names('sort=-metrics.acc')).toEqual(['mid', 'slow', 'fast']);
    expect(await names('metrics=acc%3E%3D0.8&sort=name')).toEqual(['mid', 'slow']);
    expect(await names('metrics=acc%3C0.85,acc!%3D0.7')).toEqual(['slow']);
    const listed = await h.call('/v1/projects/default/experiments/sweep/runs?sort=metrics.acc');
    expect((await readJson<Page<Run>>(listed)).items[0]?.metrics).toEqual({ acc: 0.7 });
    const comparison = await h.call('/v1/projects/default/experiments/sweep/runs?metrics=acc~1');
    expect(comparison.status).toBe(400);
    expect((await readJson<ProblemBody>(comparison)).detail).toMatch(/acc>=0\.9,loss<0\.3/);
    const bad = await h.call('/v1/projects/default/experiments/sweep/runs?sort=lr');
    expect(bad.status).toBe(400);
    expect((await readJson<ProblemBody>(bad)).detail).toMatch(/params\.<key>/);
    const pairs = await h.call('/v1/projects/default/experiments/sweep/runs?params=lr');
    expect(pairs.status).toBe(400);
    expect((await readJson<ProblemBody>(pairs)).detail).toMatch(/key=value pairs/);
  });

  it('finishes a run once; a second finish is a 409', async () => {
    const done = await h.call(`/v1/runs/${run.id}/finish`, json({ status: 'finished' }));
    expect(done.status).toBe(200);
    expect(await readJson<Run>(done)).toMatchObject({ status: 'finished' });
    const again = await h.call(`/v1/runs/${run.id}/finish`, json({ status: 'failed' }));
    expect(again.status).toBe(409);
  });

  it('hides a run from a key of another project (404)', async () => {
    const other = await h.registry.projects.create({ name: 'elsewhere' });
    const { key } = await h.registry.apiKeys.create({ projectId: other.id, role: 'admin' });
    expect((await h.call(`/v1/runs/${run.id}`, { key })).status).toBe(404);
    expect((await h.call(`/v1/runs/${run.id}`)).status).toBe(200);
    expect((await h.call('/v1/runs/not-a-uuid')).status).toBe(400);
  });
});

describe('aliases and their ledger', () => {
  let h: Harness;
  const upload = (body: string) =>
    h.call('/v1/projects/default/models/ranker/versions?format=json', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
  beforeAll(async () => {
    h = await startHarness();
    expect((await h.call('/v1/projects/default/models', json({ name: 'ranker' }))).status).toBe(
      201,
    );
    // Two loadable specs (an upload is loaded once and refused when it does not load).
    expect((await upload('{"type":"linear","coef":[1],"intercept":1}')).status).toBe(201);
    expect((await upload('{"type":"linear","coef":[1],"intercept":2}')).status).toBe(201);
  });
  afterAll(() => h?.close());

  const put = (body: unknown) =>
    h.call('/v1/projects/default/models/ranker/aliases/production', {
      ...json(body),
      method: 'PUT',
    });

  it('promotes, answers which version held the alias at a past instant, and keeps the ledger', async () => {
    const first = await put({ version: 1, expectedRevision: 0, reason: 'first release' });
    expect(first.status).toBe(200);
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const second = await put({ version: 2, expectedRevision: 1, reason: 'better AUC' });
    expect(second.status).toBe(200);
    expect(await readJson<{ revision: number; version: number }>(second)).toMatchObject({
      revision: 2,
      version: 2,
    });

    const now = await readJson<{ number: number }>(
      await h.call('/v1/projects/default/models/ranker/aliases/production/version'),
    );
    expect(now.number).toBe(2);
    const then = await readJson<{ number: number }>(
      await h.call(
        `/v1/projects/default/models/ranker/aliases/production/version?at=${encodeURIComponent(before)}`,
      ),
    );
    expect(then.number).toBe(1);

    const ledger = await readJson<
      Page<{ fromVersion: number | null; toVersion: number; reason: string }>
    >(await h.call('/v1/projects/default/models/ranker/aliases/production/history'));
    expect(ledger.items.map((e) => [e.fromVersion, e.toVersion, e.reason])).toEqual([
      [1, 2, 'better AUC'],
      [null, 1, 'first release'],
    ]);
  });

  it('answers a stale promotion with 409, so one of two concurrent moves wins', async () => {
    const stale = await put({ version: 1, expectedRevision: 1 });
    expect(stale.status).toBe(409);
  });

  it('refuses an alias to a version that does not exist', async () => {
    const res = await put({ version: 99 });
    expect(res.status).toBe(404);
  });

  it('detaches an alias; resolving it now is a 404 while the past still resolves', async () => {
    const res = await h.call(
      '/v1/projects/default/models/ranker/aliases/production?reason=rollback&expectedRevision=2',
      { method: 'DELETE' },
    );
    expect(res.status).toBe(200);
    const now = await h.call('/v1/projects/default/models/ranker/aliases/production/version');
    expect(now.status).toBe(404);
    const list = await readJson<Page<{ name: string; version: number | null }>>(
      await h.call('/v1/projects/default/models/ranker/aliases'),
    );
    expect(list.items.map((a) => [a.name, a.version])).toEqual([['production', null]]);
  });
});
