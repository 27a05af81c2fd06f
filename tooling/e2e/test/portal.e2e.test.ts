import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { type Running, type RunningApi, startApi, startWeb } from './support/processes.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const launchChromium = () =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });

/**
 * Browser → portal → API → registry → database: a model registered over HTTP shows up in the
 * portal, read through the API, in Debian's Chromium driven by playwright-core.
 */
describe.each(BACKENDS)('portal in a browser on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;
  let web: Running;
  let browser: Browser;
  let runId: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `No Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH`,
      );
    }
    backend = await createBackend(backendName);
    api = await startApi(backend.env);
    const key = api.firstKey as string;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const model = await fetch(`${api.url}/v1/projects/default/models`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'fraud-detector', description: 'Flags card fraud' }),
    });
    expect(model.status, await model.clone().text()).toBe(201);
    const version = await fetch(
      `${api.url}/v1/projects/default/models/fraud-detector/versions?format=json`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
        body: JSON.stringify({ type: 'logistic', coef: [1], intercept: 0 }),
      },
    );
    expect(version.status, await version.clone().text()).toBe(201);
    const promote = await fetch(
      `${api.url}/v1/projects/default/models/fraud-detector/aliases/production`,
      {
        method: 'PUT',
        headers,
        body: JSON.stringify({ version: 1, expectedRevision: 0, reason: 'passed the batch test' }),
      },
    );
    expect(promote.status, await promote.clone().text()).toBe(200);
    const evaluation = await fetch(`${api.url}/v1/projects/default/evaluations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        model: 'fraud-detector',
        version: 1,
        dataset: { format: 'csv', content: 'x0,fraud\n-2,0\n3,1\n1,0\n-1,0\n2,1\n' },
        target: 'fraud',
        metrics: [{ name: 'accuracy' }],
      }),
    });
    expect(evaluation.status, await evaluation.clone().text()).toBe(201);
    const experiment = await fetch(`${api.url}/v1/projects/default/experiments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'fraud-tuning' }),
    });
    expect(experiment.status).toBe(201);
    const started = await fetch(`${api.url}/v1/projects/default/experiments/fraud-tuning/runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'depth-6', params: { depth: 6, lr: 0.1 } }),
    });
    runId = ((await started.json()) as { id: string }).id;
    const points = Array.from({ length: 30 }, (_, step) => ({
      key: 'train/loss',
      value: 1 / (1 + step),
      step,
    }));
    const logged = await fetch(`${api.url}/v1/runs/${runId}/metrics`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ points }),
    });
    expect(logged.status).toBe(201);
    web = await startWeb(api.url);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await api?.stop();
    await backend?.dispose();
  });

  it('refuses a wrong key with the API’s message', async () => {
    const page = await browser.newPage();
    await page.goto(`${web.url}/models`);
    await page.waitForURL(/\/login/);
    await page.fill('#apiKey', 'assay_wrong');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/login\?error=/);
    expect(await page.locator('form p[role=alert]').textContent()).toMatch(
      /unknown or has been revoked/,
    );
    await page.close();
  });

  it('signs in with the first key and lists the registered model and its version', async () => {
    const page = await browser.newPage();
    await page.goto(`${web.url}/`);
    await page.waitForURL(/\/login/);
    await page.fill('#apiKey', api.firstKey as string);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/models$/);
    const model = page.getByTestId('model');
    await model.first().waitFor();
    expect(await model.count()).toBe(1);
    const text = (await model.first().textContent()) ?? '';
    expect(text).toContain('fraud-detector');
    expect(text).toContain('Flags card fraud');
    expect(text).toContain('v1');
    expect(text).toContain('json');
    await page.close();
  });

  it('shows a model’s versions, batch tests, aliases and the alias ledger', async () => {
    const page = await signedIn();
    await page.click('text=fraud-detector');
    await page.waitForURL(/\/models\/fraud-detector$/);
    const versions = (await page.getByTestId('versions').textContent()) ?? '';
    expect(versions).toContain('v1');
    expect(versions).toContain('production');
    const tests = (await page.getByTestId('evaluations').textContent()) ?? '';
    expect(tests).toContain('5 rows');
    expect(tests).toContain('accuracy =');
    const alias = (await page.getByTestId('alias').first().textContent()) ?? '';
    expect(alias).toContain('production → v1');
    expect(alias).toContain('passed the batch test');
    await page.close();
  });

  it('lists an experiment’s runs and plots a run’s metric', async () => {
    const page = await signedIn();
    await page.goto(`${web.url}/experiments`);
    await page.click('text=fraud-tuning');
    await page.waitForURL(/\/experiments\/fraud-tuning$/);
    const run = page.getByTestId('run');
    await run.first().waitFor();
    expect(await run.count()).toBe(1);
    expect(await run.first().textContent()).toContain('depth-6');
    await page.click('text=depth-6');
    await page.waitForURL(new RegExp(`/runs/${runId}$`));
    await page.fill('#key', 'train/loss');
    await page.click('button[type=submit]');
    const chart = page.getByTestId('metric-chart');
    await chart.waitFor();
    expect(await chart.locator('circle').count()).toBe(30);
    expect(await chart.textContent()).toContain('30 points');
    await page.close();
  });

  it('uploads a dataset, and follows a batch-test job to its metrics', async () => {
    const page = await signedIn();
    await page.click('header >> text=Datasets');
    await page.waitForURL(/\/datasets$/);
    // A malformed file comes back with the API's problem detail beside the form.
    await page.setInputFiles('#file', {
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"columns": ["x0"'),
    });
    await page.selectOption('#format', 'json');
    await page.click('form.upload button[type=submit]');
    const refused = page.getByTestId('upload-error');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/JSON/);
    await page.setInputFiles('#file', {
      name: 'fraud.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('x0,fraud\n-2,0\n3,1\n1,0\n-1,0\n2,1\n-3,0\n4,1\n0,1\n'),
    });
    await page.selectOption('#format', 'csv');
    await page.fill('#name', 'fraud-holdout');
    await page.click('form.upload button[type=submit]');
    await page.getByTestId('upload-ok').waitFor();
    const row = page.getByTestId('dataset').filter({ hasText: 'fraud-holdout' });
    await row.waitFor();
    const listed = (await row.textContent()) ?? '';
    expect(listed).toContain('csv');
    expect(listed).toContain('8');
    const datasetId = (await row.locator('code').first().textContent()) ?? '';
    await page.screenshot({ path: `/tmp/portal-datasets-${backendName}.png`, fullPage: true });

    // Start the batch test from the model page's form: the job page follows.
    await page.goto(`${web.url}/models/fraud-detector`);
    await page.selectOption('#bt-version', '1');
    await page.selectOption('#bt-dataset', datasetId);
    await page.fill('#bt-target', 'fraud');
    await page.fill('#bt-metrics', 'accuracy');
    await page.fill('#bt-resamples', '200');
    await page.screenshot({ path: `/tmp/portal-batch-form-${backendName}.png`, fullPage: true });
    await page.click('form[aria-label="Run a batch test"] button[type=submit]');
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    const job = { id: page.url().split('/').at(-1) as string };

    await page.click('header >> text=Jobs');
    await page.waitForURL(/\/jobs$/);
    // The page refreshes itself while the job is queued or running: no reload here.
    const jobRow = page.locator(`[data-testid=job][data-status=succeeded]`).filter({
      has: page.locator(`a[href="/jobs/${job.id}"]`),
    });
    await jobRow.waitFor({ timeout: 30_000 });
    const jobText = (await jobRow.textContent()) ?? '';
    expect(jobText).toContain('evaluation');
    expect(jobText).toContain('fraud-detector v1');
    expect(jobText).toContain('Batch test of fraud-detector');
    await page.screenshot({ path: `/tmp/portal-jobs-${backendName}.png`, fullPage: true });

    await page.click(`a[href="/jobs/${job.id}"]`);
    await page.waitForURL(new RegExp(`/jobs/${job.id}$`));
    const metrics = page.getByTestId('job-metrics');
    await metrics.waitFor();
    const metricsText = (await metrics.textContent()) ?? '';
    expect(metricsText).toContain('accuracy');
    // The bootstrap interval, as "[lower, upper] at 95 %".
    expect(metricsText).toMatch(/\[[\d.]+, [\d.]+\] at 95 %/);
    expect(await page.getByTestId('job-facts').textContent()).toContain('succeeded');
    await page.screenshot({ path: `/tmp/portal-job-${backendName}.png`, fullPage: true });
    await page.close();
  });

  const signedIn = async () => {
    const page = await browser.newPage();
    await page.goto(`${web.url}/login`);
    await page.fill('#apiKey', api.firstKey as string);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/models$/);
    return page;
  };
});

/**
 * Cancelling from the Jobs page. The API queues jobs in Redis and no worker runs, so a job stays
 * queued for as long as the test needs: an in-process queue would race the click.
 */
describe('portal cancels a queued job (Redis queue, no worker, PostgreSQL)', () => {
  let backend: Backend;
  let api: RunningApi;
  let web: Running;
  let browser: Browser;
  let jobId: string;

  beforeAll(async () => {
    backend = await createBackend('postgres');
    api = await startApi({
      ...backend.env,
      REDIS_URL,
      // a queue of this test's own, however many runs share the Redis
      ASSAY_REDIS_PREFIX: `assay-e2e-portal-${randomBytes(4).toString('hex')}`,
    });
    const auth = { authorization: `Bearer ${api.firstKey as string}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const raw = { ...auth, 'content-type': 'application/octet-stream' };
    const base = `${api.url}/v1/projects/default`;
    const created = await fetch(`${base}/models`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'fraud-detector' }),
    });
    expect(created.status).toBe(201);
    const version = await fetch(`${base}/models/fraud-detector/versions?format=json`, {
      method: 'POST',
      headers: raw,
      body: JSON.stringify({ type: 'logistic', coef: [1], intercept: 0 }),
    });
    expect(version.status).toBe(201);
    const dataset = await fetch(`${base}/datasets?format=csv`, {
      method: 'POST',
      headers: raw,
      body: 'x0,fraud\n-2,0\n3,1\n1,0\n',
    });
    expect(dataset.status).toBe(201);
    const started = await fetch(`${base}/evaluations`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        model: 'fraud-detector',
        dataset: { id: ((await dataset.json()) as { id: string }).id },
        target: 'fraud',
        metrics: [{ name: 'accuracy' }],
        async: true,
      }),
    });
    expect(started.status, await started.clone().text()).toBe(202);
    jobId = ((await started.json()) as { id: string }).id;
    web = await startWeb(api.url);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await api?.stop();
    await backend?.dispose();
  });

  it('shows the queued job with its progress bar and cancels it with the button', async () => {
    const page = await browser.newPage();
    await page.goto(`${web.url}/login`);
    await page.fill('#apiKey', api.firstKey as string);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/models$/);
    await page.goto(`${web.url}/jobs`);
    const row = page.locator('[data-testid=job]').filter({
      has: page.locator(`a[href="/jobs/${jobId}"]`),
    });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('queued');
    const bar = row.getByRole('progressbar');
    expect(await bar.getAttribute('aria-valuenow')).toBe('0');
    expect(await row.textContent()).toContain('waiting for a worker');
    await row.getByRole('button', { name: /Cancel job/ }).click();
    // A queued job is cancelled at once, and the action re-renders the page with it.
    await page.locator(`[data-testid=job][data-status=cancelled]`).waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    await page.goto(`${web.url}/jobs/${jobId}`);
    expect(await page.getByTestId('job-facts').textContent()).toContain('cancelled');
    await page.close();
  });
});
