import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccessibility } from './support/axe.js';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { type Running, type RunningApi, startApi, startWeb } from './support/processes.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Item {
  id: string;
  prediction: string;
  confidence: number;
}

/**
 * The human-in-the-loop review queue end to end (issue 15, item 2), on both databases: a model's
 * low-confidence predictions (through the predict route, and a batch submission) enter its queue;
 * two reviewers with tokens scoped to the queue claim and review them — one in the browser, from
 * the keyboard — and the automation–risk report with the bias checks reads them, through the API
 * and on the portal's page (axe-core on every new page).
 */
describe.each(BACKENDS)('review queue on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;
  let web: Running;
  let browser: Browser;
  let page: Page;
  let headers: Record<string, string>;
  const base = () => `${api.url}/v1/projects/default/models/triage`;
  const call = async (url: string, method: string, body?: unknown, auth?: string) => {
    const res = await fetch(url, {
      method,
      headers: auth ? { ...headers, authorization: `Bearer ${auth}` } : headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: set CHROMIUM_PATH`);
    backend = await createBackend(backendName);
    api = await startApi(backend.env);
    headers = { authorization: `Bearer ${api.firstKey}`, 'content-type': 'application/json' };
    expect(
      (await call(`${api.url}/v1/projects/default/models`, 'POST', { name: 'triage' })).status,
    ).toBe(201);
    // P(yes) = σ(x0 − x1): rows near x0 = x1 are coin tosses (queued), far from it are sure.
    const v = await fetch(`${base()}/versions?format=json`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: JSON.stringify({
        type: 'logistic',
        coef: [1, -1],
        intercept: 0,
        classes: ['no', 'yes'],
      }),
    });
    expect(v.status, await v.clone().text()).toBe(201);
    web = await startWeb(api.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    page = await browser.newPage();
    await page.goto(`${web.url}/login`);
    await page.fill('#apiKey', api.firstKey as string);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/models$/);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await api?.stop();
    await backend?.dispose();
  });

  it('low-confidence predictions go through the queue to the automation–risk report', async () => {
    const policy = await call(`${base()}/review/policy`, 'PUT', {
      threshold: 0.6,
      targetRisk: 0.25,
      groupFeature: 'region',
      leaseMs: 60_000,
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(200);
    // Live predictions: 8 rows, 6 of them within |x0 − x1| ≤ 1 (margin |2σ − 1| < 0.6: queued).
    const rows = [-3, -1, -0.5, -0.2, 0.2, 0.5, 1, 3].map((d) => [d, 0]);
    const predicted = await call(`${base()}/predict`, 'POST', { rows });
    expect(predicted.status).toBe(200);
    // A batch of predictions made elsewhere, with a categorical feature.
    const batch = Array.from({ length: 30 }, (_, i) => {
      const p = 0.05 + (0.9 * i) / 29;
      return {
        features: { x0: i, region: i % 3 === 0 ? 'north' : 'south' },
        prediction: p >= 0.5 ? 'yes' : 'no',
        probabilities: [p],
      };
    });
    const submitted = await call(`${base()}/review/items`, 'POST', {
      version: 1,
      predictions: batch,
    });
    expect(submitted.status).toBe(201);
    let counts = { automated: 0, pending: 0 };
    for (let i = 0; i < 100 && counts.automated + counts.pending < 38; i += 1) {
      counts = (await call(`${base()}/review/items?limit=1`, 'GET')).body.counts;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(counts.automated + counts.pending).toBe(38);
    const queued = counts.pending;
    expect(queued).toBeGreaterThan(10);

    const tokenOf = async (name: string) =>
      (await call(`${base()}/review/reviewers`, 'POST', { name })).body.token as string;
    const ann = await tokenOf('ann');
    const bob = await tokenOf('bob');

    // Ann reviews one item in the browser, from the keyboard.
    await page.goto(`${web.url}/review/triage/queue`);
    await checkAccessibility(page, 'the reviewer token form');
    await page.fill('#project', 'default');
    await page.fill('#token', ann);
    await page.press('#token', 'Enter');
    await page.waitForSelector('[data-testid=claim-next]');
    await page.focus('[data-testid=claim-next]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=claimed-item]');
    await checkAccessibility(page, 'a claimed item');
    const shown = await page.textContent('[data-testid=item-prediction]');
    await page.fill('[data-testid=correct-label]', shown === 'yes' ? 'no' : 'yes');
    await page.focus('[data-testid=correct]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=review-done]');

    // Bob reviews the rest through the API; Ann's claims and his never overlap.
    const claimed = new Set<string>();
    for (;;) {
      const { status, body } = await call(`${base()}/review/claims`, 'POST', {}, bob);
      expect(status).toBe(200);
      const item = body.item as Item | null;
      if (item === null) break;
      expect(claimed.has(item.id)).toBe(false);
      claimed.add(item.id);
      const correct = item.confidence < 0.2;
      const review = await call(
        `${base()}/review/items/${item.id}/reviews`,
        'POST',
        correct
          ? { decision: 'correct', label: item.prediction === 'yes' ? 'no' : 'yes' }
          : { decision: 'accept' },
        bob,
      );
      expect(review.status).toBe(201);
    }
    expect(claimed.size).toBe(queued - 1);

    const report = await call(`${base()}/review/report`, 'GET');
    expect(report.status).toBe(200);
    expect(report.body.counts).toMatchObject({ total: 38, reviewed: queued });
    expect(report.body.curve.thresholds.length).toBeGreaterThan(2);
    expect(report.body.humanPolicy.n).toBe(queued);
    expect(report.body.bias.selection.map((s: { feature: string }) => s.feature).sort()).toEqual(
      ['region', 'x0', 'x1'].sort(),
    );
    expect(report.body.bias.latent.feature).toBe('region');

    // The portal's report page: the curve with the threshold marked, and the bias checks.
    await page.goto(`${web.url}/review/triage`);
    await page.waitForSelector('[data-testid=automation-risk-curve]');
    expect(await page.locator('[data-testid=marker-policy]').count()).toBe(1);
    expect(await page.locator('[data-testid=bias-checks] tbody tr').count()).toBe(3);
    expect(await page.textContent('[data-testid=review-counts]')).toContain(String(queued));
    await checkAccessibility(page, 'the review report');
    await page.goto(`${web.url}/review`);
    await checkAccessibility(page, 'the review queues');
  });
});
