import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { repoRoot } from './support/paths.js';
import { type Running, type RunningApi, startApi, startWeb } from './support/processes.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// scikit-learn 1.2.1 LogisticRegression on four columns of breast_cancer.csv (the API tests use
// it too): v1 and v3; v2 shifts the intercept and calls nearly everything benign.
const GOOD = {
  type: 'logistic',
  coef: [0.986574, 0.215202, 0.800123, 3.370235],
  intercept: -19.273904,
  classes: ['benign', 'malignant'],
  featureNames: ['mean_radius', 'mean_texture', 'mean_smoothness', 'worst_concave_points'],
};
const WORSE = { ...GOOD, intercept: -25 };

/**
 * Safe promotion end to end, on each database: a comparison, a gate policy on `production`, a
 * move refused (409) without and with a failing gate report, the gate passing and the move
 * allowed, an admin's override with a reason, and the ledger answering why each version holds
 * the alias — over the API and on the portal's pages in Chromium.
 */
describe.each(BACKENDS)('comparison → gate → guarded alias on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;
  let web: Running;
  let browser: Browser;
  let datasetId: string;
  const base = () => `${api.url}/v1/projects/default/models/credit`;
  const call = (path: string, method: string, body?: unknown) =>
    fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${api.firstKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const signedIn = async (): Promise<Page> => {
    const page = await browser.newPage();
    await page.goto(`${web.url}/login`);
    await page.fill('#apiKey', api.firstKey as string);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/models$/);
    return page;
  };

  beforeAll(async () => {
    backend = await createBackend(backendName);
    api = await startApi(backend.env);
    const model = await call(`${api.url}/v1/projects/default/models`, 'POST', { name: 'credit' });
    expect(model.status).toBe(201);
    for (const spec of [GOOD, WORSE, GOOD]) {
      const upload = await fetch(`${base()}/versions?format=json`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${api.firstKey}`,
          'content-type': 'application/octet-stream',
        },
        body: JSON.stringify(spec),
      });
      expect(upload.status, await upload.clone().text()).toBe(201);
    }
    const dataset = await fetch(`${api.url}/v1/projects/default/datasets?format=csv`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.firstKey}`,
        'content-type': 'application/octet-stream',
      },
      body: readFileSync(join(repoRoot, 'fixtures/datasets/breast_cancer.csv')),
    });
    expect(dataset.status, await dataset.clone().text()).toBe(201);
    datasetId = ((await dataset.json()) as { id: string }).id;
    expect((await call(`${base()}/aliases/production`, 'PUT', { version: 1 })).status).toBe(200);
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

  it('walks comparison → gate → refused → passing → allowed → override, and answers why', async () => {
    // A comparison of v2 with the holder of production, drawn as a forest plot.
    const compared = await call(`${api.url}/v1/projects/default/comparisons`, 'POST', {
      model: 'credit',
      candidate: { version: 2 },
      baseline: { alias: 'production' },
      datasetId,
      target: 'diagnosis',
      metrics: [{ name: 'accuracy' }, { name: 'f1', params: { posLabel: 'malignant' } }],
      confidence: { nResamples: 200, seed: 5 },
    });
    expect(compared.status, await compared.clone().text()).toBe(201);
    const comparison = (await compared.json()) as {
      id: string;
      baselineVersion: number;
      report: { metrics: { metric: string; delta: number; significantlyWorse: boolean | null }[] };
    };
    expect(comparison.baselineVersion).toBe(1);
    expect(comparison.report.metrics[0]?.significantlyWorse).toBe(true);

    // The policy guarding production.
    const policy = await call(`${base()}/aliases/production/gate-policy`, 'PUT', {
      datasetId,
      target: 'diagnosis',
      confidence: { nResamples: 200, seed: 5 },
      checks: [
        { kind: 'threshold', metric: 'accuracy', op: '>=', value: 0.85 },
        { kind: 'relative', metric: 'accuracy', margin: 0.01, notSignificantlyWorse: true },
        { kind: 'artifact-size', maxBytes: 1_000_000 },
      ],
    });
    expect(policy.status, await policy.clone().text()).toBe(200);

    // Refused without a report, then with a failing one.
    const none = await call(`${base()}/aliases/production`, 'PUT', { version: 2 });
    expect(none.status).toBe(409);
    const failing = await call(`${base()}/aliases/production/gate-runs`, 'POST', { version: 2 });
    expect(failing.status).toBe(201);
    const failed = (await failing.json()) as { id: string; passed: boolean };
    expect(failed.passed).toBe(false);
    const refused = await call(`${base()}/aliases/production`, 'PUT', { version: 2 });
    expect(refused.status).toBe(409);
    const problem = (await refused.json()) as {
      gate: { gateReportId: string; failedChecks: { label: string }[] };
    };
    expect(problem.gate.gateReportId).toBe(failed.id);
    expect(problem.gate.failedChecks.map((c) => c.label)).toEqual([
      'accuracy >= 0.85',
      'accuracy not worse than the holder by more than 0.01, and not significantly worse at α = 0.05',
    ]);

    // The pages: the comparison's forest plot, then the gate run, the move and the override.
    const page = await signedIn();
    await page.goto(`${web.url}/models/credit/comparisons/${comparison.id}`);
    expect(await page.getByTestId('forest-row').count()).toBe(2);
    await page.goto(`${web.url}/models/credit/gates`);
    const guarded = page.locator('[data-testid=guarded-alias][data-alias=production]');
    expect(await guarded.textContent()).toContain('production → v1');
    expect(await page.locator('[data-testid=gate-report][data-passed=false]').count()).toBe(1);

    await guarded.locator('form:has([data-testid=move-alias]) select').selectOption('2');
    await guarded.getByTestId('move-alias').click();
    await page.waitForURL(/error=/);
    expect(await page.getByTestId('notice').textContent()).toMatch(/failed 2 check\(s\)/);

    const gated = page.locator('[data-testid=guarded-alias][data-alias=production]');
    await gated.locator('form:has([data-testid=run-gate]) select').selectOption('3');
    await gated.getByTestId('run-gate').click();
    await page.waitForURL(/ok=.*passed/);
    await page
      .locator(
        '[data-testid=guarded-alias][data-alias=production] form:has([data-testid=move-alias]) select',
      )
      .selectOption('3');
    await page
      .locator('[data-testid=guarded-alias][data-alias=production]')
      .getByTestId('move-alias')
      .click();
    await page.waitForURL(/points%20at%20v3/);
    expect(await page.getByTestId('why').textContent()).toMatch(
      /Why v3: .* on gate report .* passed/,
    );

    const holder = page.locator('[data-testid=guarded-alias][data-alias=production]');
    await holder.locator('form:has([data-testid=override-alias]) select').selectOption('2');
    await holder.getByTestId('override-reason').fill('rollback drill');
    await holder.getByTestId('override-alias').click();
    await page.waitForURL(/override%20recorded|override recorded/);
    expect(await page.getByTestId('why').textContent()).toContain('by override: “rollback drill”');
    await page.close();

    // The ledger answers why each version held the alias.
    const why3 = (await (
      await call(`${base()}/aliases/production/why?version=3`, 'GET')
    ).json()) as {
      holdsNow: boolean;
      gateReport: { passed: boolean } | null;
    };
    expect(why3).toMatchObject({ holdsNow: false, gateReport: { passed: true } });
    const why2 = (await (
      await call(`${base()}/aliases/production/why?version=2`, 'GET')
    ).json()) as {
      holdsNow: boolean;
      event: { overrideReason: string | null; gateReportId: string | null };
    };
    expect(why2).toMatchObject({
      holdsNow: true,
      event: { overrideReason: 'rollback drill', gateReportId: null },
    });
    const why1 = (await (
      await call(`${base()}/aliases/production/why?version=1`, 'GET')
    ).json()) as {
      event: { overrideReason: string | null; gateReportId: string | null };
    };
    expect(why1.event).toMatchObject({ overrideReason: null, gateReportId: null });
  });
});
