import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModelArtifact, parseDataset } from '@assay/core';
import { type LeaderboardTrial, runAutoMl } from '@assay/core/automl';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccessibility } from './support/axe.js';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { type Running, type RunningApi, startApi, startWeb } from './support/processes.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IRIS = readFileSync(
  fileURLToPath(new URL('../../../fixtures/datasets/iris.csv', import.meta.url)),
  'utf8',
);
const ENDED = ['succeeded', 'failed', 'cancelled'];

/**
 * An AutoML run end to end (issue 16), on both databases: iris uploaded → a run through the API
 * (a job) → a registered `automl` version whose batch test is stored and whose predictions of raw
 * rows equal those of the core's run with the same seeded settings (the same leaderboard) → the
 * portal: a run started from the form, its page filling while it runs, checked with axe-core.
 */
describe.each(BACKENDS)('AutoML on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;
  let web: Running;
  let browser: Browser;
  let headers: Record<string, string>;
  let key: string;
  const call = async (path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: set CHROMIUM_PATH`);
    backend = await createBackend(backendName);
    api = await startApi(backend.env);
    web = await startWeb(api.url);
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

  it('iris → AutoML job → registered version (batch test stored, predictions as the core’s run) → portal', async () => {
    const upload = await fetch(`${api.url}/v1/projects/default/datasets?format=csv&name=iris`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body: IRIS,
    });
    expect(upload.status).toBe(201);
    const dataset = (await upload.json()) as { id: string; sha256: string };

    const settings = { seed: 5, maxTrials: 4, families: ['linear', 'cart'] };
    const started = await call('/v1/projects/default/automl-runs', 'POST', {
      datasetId: dataset.id,
      target: 'species',
      budgetSeconds: 60,
      modelName: 'iris-automl',
      ...settings,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId = started.body.run.id as string;
    let run = started.body.run;
    for (let i = 0; i < 600 && !ENDED.includes(run.status); i++) {
      await new Promise((r) => setTimeout(r, 200));
      run = (await call(`/v1/projects/default/automl-runs/${runId}`)).body;
    }
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(run.leaderboard).toHaveLength(4);
    expect(run.modelVersion).toBe(1);

    const evaluation = await call(`/v1/projects/default/evaluations/${run.evaluationId}`);
    expect(evaluation.status).toBe(200);
    expect(evaluation.body).toMatchObject({ modelName: 'iris-automl', version: 1 });
    expect(evaluation.body.dataset.sha256).toBe(dataset.sha256);

    // The core's run with the same settings: the same leaderboard, and the same predictions.
    const local = await runAutoMl(parseDataset(new TextEncoder().encode(IRIS), { format: 'csv' }), {
      target: 'species',
      timeBudgetSeconds: 60,
      ...(settings as { seed: number; maxTrials: number; families: ('linear' | 'cart')[] }),
    });
    const strip = (t: unknown) => {
      const { durationMs: _, ...rest } = t as LeaderboardTrial;
      return rest;
    };
    expect(run.leaderboard.map(strip)).toEqual(
      JSON.parse(JSON.stringify(local.leaderboard)).map(strip),
    );
    const [header, ...lines] = IRIS.trim().split('\n');
    const names = (header as string).split(',');
    const rows = lines
      .filter((_, i) => i % 7 === 0)
      .map((line) =>
        Object.fromEntries(
          line
            .split(',')
            .slice(0, 4)
            .map((v, j) => [names[j], Number(v)]),
        ),
      );
    const predicted = await call('/v1/projects/default/models/iris-automl/predict', 'POST', {
      rows,
    });
    expect(predicted.status, JSON.stringify(predicted.body)).toBe(200);
    const model = await loadModelArtifact(
      'automl',
      new TextEncoder().encode(JSON.stringify(local.artifact)),
    );
    const expected = await model.predict({
      rows: rows.length,
      cols: 4,
      data: Float64Array.from(
        rows.flatMap((r) => model.inputSchema.features.map((f) => r[f.name] as number)),
      ),
    });
    expect((predicted.body.outputs as number[][]).flat()).toEqual(Array.from(expected));

    // The portal: start a run from the form; its page fills and ends; both pages pass axe.
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${web.url}/login`);
    await page.fill('#apiKey', key);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/models$/);
    await page.click('header >> text=AutoML');
    await page.waitForURL(/\/automl$/);
    expect((await page.getByTestId('automl-runs').textContent()) ?? '').toContain('iris-automl v1');
    await checkAccessibility(page, 'the AutoML page');
    await page.selectOption('#automl-dataset', dataset.id);
    await page.fill('#automl-target', 'species');
    await page.fill('#automl-model', 'iris-portal');
    await page.fill('#automl-budget', '3');
    // two trials at once: in this single-process deployment, in two compute threads
    await page.fill('#automl-parallel', '2');
    await page.click('button:has-text("Start")');
    await page.waitForURL(/\/automl\/[0-9a-f-]{36}$/);
    await page.waitForFunction(
      "document.querySelector('[data-testid=automl-status]')?.textContent === 'succeeded'",
      undefined,
      { timeout: 90_000 },
    );
    expect(await page.getByTestId('automl-trial').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('automl-guardrails').count()).toBe(1);
    expect(await page.textContent('main')).toContain('2 trials at once');
    // the search's progress drawn (best so far, overall and per family) and a row per family
    expect(await page.getByTestId('automl-progress').count()).toBe(1);
    expect(await page.locator('[data-testid=automl-families] tbody tr').count()).toBeGreaterThan(0);
    await page.click('[data-testid=automl-best] a');
    await page.waitForURL(/\/models\/iris-portal\/versions\/1$/);
    await page.goBack();
    await checkAccessibility(page, 'the AutoML run page');
    expect(errors).toEqual([]);
    await page.close();
  });
});
