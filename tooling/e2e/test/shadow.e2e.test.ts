import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { type Running, type RunningApi, startApi, startWeb } from './support/processes.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Shadow test end to end (issue 13, item 3), on both databases: started from the portal's page in
 * Chromium, predictions through the alias over HTTP (each answered by the holder, with its request
 * id), labels by request id, then the report through the API and on the page, a stop from the
 * page, the gate run from the page onto the gate report's page, and the model page's answer to
 * who holds production and why.
 */
describe.each(BACKENDS)('shadow test on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;
  let web: Running;
  let browser: Browser;
  let headers: Record<string, string>;
  const base = () => `${api.url}/v1/projects/default/models/churn`;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: set CHROMIUM_PATH`);
    backend = await createBackend(backendName);
    api = await startApi({
      ...backend.env,
      ASSAY_PREDICTION_LOG_FLUSH_MS: '20',
      // Counted copies must not depend on the machine's other work: at the default (lowest)
      // priority a busy machine can leave the shadow thread no CPU, and its copies are shed.
      ASSAY_SHADOW_THREAD_NICE: '0',
    });
    headers = { authorization: `Bearer ${api.firstKey}`, 'content-type': 'application/json' };
    const created = await fetch(`${api.url}/v1/projects/default/models`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'churn' }),
    });
    expect(created.status).toBe(201);
    // v1 (the holder): p = σ(x0); v2 (the candidate): p = σ(x0 − 1).
    for (const intercept of [0, -1]) {
      const v = await fetch(`${base()}/versions?format=json`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        body: JSON.stringify({ type: 'logistic', coef: [1], intercept, classes: ['no', 'yes'] }),
      });
      expect(v.status, await v.clone().text()).toBe(201);
    }
    const moved = await fetch(`${base()}/aliases/production`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ version: 1 }),
    });
    expect(moved.status).toBe(200);
    web = await startWeb(api.url);
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

  it('start from the page → predictions through the alias → labels → report (API and page) → stop → gate from the page → who holds production and why', async () => {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${web.url}/login`);
    await page.fill('#apiKey', api.firstKey as string);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/models$/);
    await page.goto(`${web.url}/models/churn/shadow`);
    await page.selectOption('#sh-version', '2');
    await page.fill('#sh-max', '1000');
    await page.click('text=Start shadow test');
    await page.waitForURL(/\/models\/churn\/shadow\?test=/);
    const testId = new URL(page.url()).searchParams.get('test') as string;
    expect((await page.getByTestId('shadow-tests').textContent()) ?? '').toContain('running');

    // x0 = −2, 0.5, 3 … : the holder says yes from 0, the candidate from 1.
    const xs = [-2, 0.5, 3, -1, 2, 0.25, 4, -3];
    const ids: string[] = [];
    for (const x of xs) {
      const res = await fetch(`${base()}/predict`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ alias: 'production', rows: [[x]] }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { requestId: string; version: number };
      expect(body.version).toBe(1);
      expect(body.requestId).toBe(res.headers.get('x-request-id'));
      ids.push(body.requestId);
    }
    const labels = await fetch(`${base()}/labels`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        labels: ids.map((requestId, i) => ({
          requestId,
          label: (xs[i] as number) > 0 ? 'yes' : 'no',
        })),
      }),
    });
    expect(await labels.json()).toEqual({ received: 8, stored: 8, unchanged: 0 });

    type Report = {
      candidate: { ok: number; errorRate: number };
      agreement: { rows: number; rate: number };
      labelled: { rows: number };
    };
    let report: Report | undefined;
    for (let i = 0; i < 100; i += 1) {
      const res = await fetch(`${base()}/shadow-tests/${testId}/report`, { headers });
      report = (await res.json()) as Report;
      if (report.candidate.ok === 8 && report.labelled.rows === 8) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Disagreements: x0 = 0.5 and 0.25 (σ(x0) > ½ but σ(x0 − 1) < ½): 6 of 8 agree.
    expect(report).toMatchObject({
      candidate: { ok: 8, errorRate: 0 },
      agreement: { rows: 8, rate: 0.75 },
      labelled: { rows: 8 },
    });

    await page.reload();
    expect(await page.getByTestId('agreement').textContent()).toContain('75.0 %');
    expect(await page.getByTestId('error-rate').textContent()).toContain('0.0 %');
    // Sequential requests, every copy answered: nothing shed, and the page says so.
    expect(await page.getByTestId('dropped').textContent()).toBe('0');
    expect(await page.locator('svg[role=img]').count()).toBeGreaterThanOrEqual(3);
    await page.click('text=Stop shadow test');
    // (Browser code as a string: these tests are compiled without the DOM's types.)
    await page.waitForFunction(
      "document.querySelector('[data-testid=shadow-tests]')?.textContent?.includes('stopped')",
    );
    const stopped = await fetch(`${base()}/shadow-tests/${testId}`, { headers });
    expect(((await stopped.json()) as { status: string }).status).toBe('stopped');

    // Gate this shadow test from its page: production's policy (a reference dataset on which the
    // candidate, yes from x0 > 1, is right on 17 of 20 rows) runs on v2 with the test's live
    // summary, and the browser lands on the gate report's page.
    const csv = [
      'x0,label',
      ...Array.from({ length: 20 }, (_, i) => {
        const x = -2.75 + i * 0.3;
        return `${x.toFixed(2)},${x > 0 ? 'yes' : 'no'}`;
      }),
    ].join('\n');
    const dataset = await fetch(`${api.url}/v1/projects/default/datasets?format=csv`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: csv,
    });
    expect(dataset.status, await dataset.clone().text()).toBe(201);
    const policy = await fetch(`${base()}/aliases/production/gate-policy`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        datasetId: ((await dataset.json()) as { id: string }).id,
        target: 'label',
        checks: [{ kind: 'threshold', metric: 'accuracy', op: '>=', value: 0.75 }],
      }),
    });
    expect(policy.status, await policy.clone().text()).toBe(200);
    await page.getByTestId('gate-shadow').click();
    await page.waitForURL(/\/models\/churn\/gates\/[0-9a-f-]{36}$/);
    const reportId = page.url().split('/').at(-1) as string;
    expect(await page.getByTestId('gate-verdict').textContent()).toBe('passed');
    expect(await page.getByTestId('gate-check').textContent()).toMatch(
      /accuracy >= 0\.750\.850\.75✓ passedaccuracy = 0\.85 meets >= 0\.75/,
    );
    const evidence = page.getByTestId('gate-evidence');
    expect(await evidence.getAttribute('data-kind')).toBe('shadow');
    expect(await evidence.textContent()).toMatch(
      /8 mirrored requests, agreement 75\.0 %.*8 labelled rows/,
    );
    expect(await page.getByTestId('evidence-shadow-link').getAttribute('href')).toBe(
      `/models/churn/shadow?test=${testId}`,
    );

    // The passing report lets production move to v2; the model page says who holds each alias
    // and why, from the ledger: the gate report and the shadow test it judged on.
    const moved = await fetch(`${base()}/aliases/production`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ version: 2, reason: 'shadowed and gated' }),
    });
    expect(moved.status, await moved.clone().text()).toBe(200);
    await page.goto(`${web.url}/models/churn`);
    const why = page.getByTestId('alias-why');
    expect(await why.textContent()).toMatch(
      /^v2 holds production since .*, moved by .* \(“shadowed and gated”\) on gate report .* \(passed under policy version 1\), judged on reference dataset .* and shadow test .*8 mirrored requests/,
    );
    expect(await page.getByTestId('why-gate-report').getAttribute('href')).toBe(
      `/models/churn/gates/${reportId}`,
    );
    await page.close();
    expect(errors).toEqual([]);
  });
});
