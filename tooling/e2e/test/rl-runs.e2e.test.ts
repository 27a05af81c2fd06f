import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccessibility } from './support/axe.js';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { type Running, type RunningApi, startApi, startWeb } from './support/processes.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Point {
  x: number;
  y: number;
}

/**
 * An RL evaluation run end to end (issue 15), on both databases: two agents' runs → rewards per
 * step in keyed batches (a retried batch stored once, across an API restart) → the report's
 * returns, regret and cumulative regret (API, equal to the core's on the same rewards) → the
 * comparison of the two agents → the portal's run page and comparison page in Chromium, checked
 * with axe-core (no serious or critical violation).
 */
describe.each(BACKENDS)('RL run on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;
  let web: Running;
  let browser: Browser;
  let headers: Record<string, string>;
  let key: string;
  const runs = () => `${api.url}/v1/projects/default/rl-runs`;
  const call = async (
    url: string,
    method: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ) => {
    const res = await fetch(url, {
      method,
      headers: { ...headers, ...extra },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: set CHROMIUM_PATH`);
    backend = await createBackend(backendName);
    api = await startApi(backend.env);
    key = api.firstKey as string;
    headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await api?.stop();
    await backend?.dispose();
  });

  it('run → keyed reward batches → regret curve (API and portal) → comparison of two agents', async () => {
    const create = async (name: string, agentName: string) => {
      const res = await call(runs(), 'POST', {
        name,
        agentName,
        agentVersion: '1.0',
        environment: 'Bandit-5',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const ucb = await create('ucb-bandit', 'ucb1');
    const greedy = await create('greedy-bandit', 'greedy');

    // 300 episodes of 4 steps; the optimal arm pays 1 a step. UCB learns (its reward rises to
    // 1), greedy stays at 0.6 with noise. Rewards sent in batches of 400 steps.
    const steps = (fn: (e: number, s: number) => number) =>
      Array.from({ length: 300 }, (_, e) =>
        [0, 1, 2, 3].map((s) => ({ episode: e, step: s, reward: fn(e, s), optimal: 1 })),
      ).flat();
    const ucbSteps = steps((e, s) => Math.min(1, 0.4 + e / 250) - ((e * 7 + s) % 5) / 50);
    const greedySteps = steps((e, s) => 0.6 - ((e * 3 + s) % 4) / 40);
    const send = async (id: string, all: typeof ucbSteps, prefix: string) => {
      for (let i = 0; i < all.length; i += 400) {
        const res = await call(
          `${runs()}/${id}/rewards`,
          'POST',
          { rewards: all.slice(i, i + 400) },
          { 'idempotency-key': `${prefix}-${i}` },
        );
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
    };
    await send(ucb, ucbSteps.slice(0, 800), 'ucb');
    // A restart between batches: the stored keys survive, a retried batch is stored once.
    await api.stop();
    api = await startApi(backend.env);
    web = await startWeb(api.url);
    const retried = await call(
      `${runs()}/${ucb}/rewards`,
      'POST',
      { rewards: ucbSteps.slice(400, 800) },
      { 'idempotency-key': 'ucb-400' },
    );
    expect(retried.body).toEqual({ stored: 0, duplicate: true });
    await send(ucb, ucbSteps.slice(800), 'ucb-rest');
    await send(greedy, greedySteps, 'greedy');

    const report = await call(`${runs()}/${ucb}/report?points=100`, 'GET');
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.steps).toBe(1200);
    const returns = Array.from({ length: 300 }, (_, e) =>
      ucbSteps.filter((r) => r.episode === e).reduce((s, r) => s + r.reward, 0),
    );
    // Regret by definition: optimal return (4 steps × 1) − return, and its running sum.
    const cumulative: number[] = [];
    for (const g of returns) cumulative.push((cumulative.at(-1) ?? 0) + 4 - g);
    const expected = { total: cumulative.at(-1) as number, cumulative };
    const curves = report.body.curves;
    expect(curves.episodes).toBe(300);
    expect(curves.downsampled).toBe(true);
    expect(curves.regret.cumulative).toHaveLength(100);
    expect(curves.regret.total).toBeCloseTo(expected.total, 9);
    const last = curves.regret.cumulative.at(-1) as Point;
    expect(last.x).toBe(299);
    expect(last.y).toBeCloseTo(expected.cumulative[299] as number, 9);
    // Regret flattens once UCB has learnt: the last 50 episodes add less than the first 50.
    expect(
      (expected.cumulative[299] as number) - (expected.cumulative[249] as number),
    ).toBeLessThan(expected.cumulative[49] as number);

    const cmp = await call(`${runs()}/${ucb}/compare/${greedy}?nResamples=400&seed=1`, 'GET');
    expect(cmp.status, JSON.stringify(cmp.body)).toBe(200);
    expect(cmp.body.comparison.a.n).toBe(300);
    expect(cmp.body.comparison.mannWhitney.method).toBe('asymptotic');
    expect(cmp.body.comparison.welch.pValue).toBeLessThan(1e-6);
    expect(cmp.body.comparison.bootstrap.low).toBeGreaterThan(0);

    // The portal: the runs list, the run page with its curves, the comparison page.
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${web.url}/login`);
    await page.fill('#apiKey', key);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/models$/);
    await page.click('header >> text=RL runs');
    await page.waitForURL(/\/rl-runs$/);
    expect((await page.getByTestId('rl-runs').textContent()) ?? '').toContain('ucb-bandit');
    await checkAccessibility(page, 'the RL runs list');
    await page.click('text=ucb-bandit');
    await page.waitForURL(new RegExp(`/rl-runs/${ucb}$`));
    expect(await page.getByTestId('rl-return-curve').count()).toBe(1);
    expect(await page.getByTestId('rl-regret-curve').count()).toBe(1);
    expect(await page.getByTestId('rl-cumulative-regret').count()).toBe(1);
    expect(await page.locator('[data-testid=rl-cumulative-regret] path').count()).toBeGreaterThan(
      0,
    );
    expect((await page.getByTestId('rl-total-regret').textContent()) ?? '').toContain(
      'over 300 episodes',
    );
    await checkAccessibility(page, 'the RL run page');
    await page.goto(`${web.url}/rl-runs`);
    await page.selectOption('#rl-a', ucb);
    await page.selectOption('#rl-b', greedy);
    await page.click('button:has-text("Compare")');
    await page.waitForURL(/\/rl-runs\/compare\?/);
    expect((await page.getByTestId('rl-mwu').textContent()) ?? '').toContain('asymptotic');
    expect(await page.getByTestId('rl-compare-regret').count()).toBe(1);
    await checkAccessibility(page, 'the RL comparison page');
    expect(errors).toEqual([]);
    await page.close();
  });
});
