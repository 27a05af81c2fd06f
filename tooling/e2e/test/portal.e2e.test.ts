import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from './support/backends.js';
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
 * Opens pages that record every console error and uncaught page error (a hydration mismatch,
 * React's minified errors, a failed resource); `check()` fails the test on any but the few a
 * test expects (e.g. the 404 of a page it visits on purpose).
 */
function pageWatcher(browser: () => Browser) {
  const seen: { url: string; text: string; allowed: RegExp[] }[] = [];
  const open = async (allowed: RegExp[] = []): Promise<Page> => {
    const page = await browser().newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') seen.push({ url: page.url(), text: msg.text(), allowed });
    });
    page.on('pageerror', (err) =>
      seen.push({ url: page.url(), text: `page error: ${err.message}`, allowed }),
    );
    return page;
  };
  const check = () => {
    const unexpected = seen
      .filter((e) => !e.allowed.some((re) => re.test(e.text)))
      .map((e) => `${e.url}: ${e.text}`);
    seen.length = 0;
    expect(unexpected, 'console or page errors').toEqual([]);
  };
  return { open, check };
}

const MAX_DATASET_BYTES = 64 * 1024;

/**
 * Browser → portal → API → registry → database: a model registered over HTTP shows up in the
 * portal, read through the API, in Debian's Chromium driven by playwright-core. Every page the
 * tests open fails them on a console error or an uncaught page error.
 */
// The portal reads only the API, so one database serves its browser walk: the embedded one, the
// default a newcomer starts on. The API and the registry are tested on both databases, and the
// browser test below (a queued job cancelled from its page) runs on PostgreSQL.
describe.each(['embedded'] as const)('portal in a browser on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;
  let web: Running;
  let browser: Browser;
  let runId: string;
  const pages = pageWatcher(() => browser);
  afterEach(() => pages.check());

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `No Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH`,
      );
    }
    backend = await createBackend(backendName);
    // A small upload limit (the API's and the portal's, one variable) to test it cheaply.
    const limit = { ASSAY_MAX_DATASET_BYTES: String(MAX_DATASET_BYTES) };
    api = await startApi({ ...backend.env, ...limit });
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
    web = await startWeb(api.url, limit);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await api?.stop();
    await backend?.dispose();
  });

  it('refuses a wrong key with the API’s message', async () => {
    const page = await pages.open();
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
    const page = await pages.open();
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

  it('loads every page in full without a console error (server HTML hydrates cleanly)', async () => {
    // Sign-in lands on /models by a client-side navigation, which hydrates nothing: each page is
    // loaded here from its URL, as a bookmark or a reload does, so that a hydration mismatch
    // (React error #418, e.g. from invalid HTML nesting) shows up as a console error.
    const page = await signedIn();
    for (const path of [
      '/models',
      '/models/fraud-detector',
      '/experiments',
      '/experiments/fraud-tuning',
      `/runs/${runId}?key=train%2Floss`,
      '/datasets',
      '/jobs',
      '/login',
    ]) {
      const res = await page.goto(`${web.url}${path}`, { waitUntil: 'load' });
      expect(res?.status(), path).toBe(200);
      // Hydration runs after load; give React a moment to report a mismatch.
      await page.waitForTimeout(300);
    }
    await page.close();
  });

  it('answers 404 for a model, run, job, experiment or evaluation that does not exist', async () => {
    const page = await signedIn([/status of 404/]);
    for (const path of [
      '/models/no-such-model',
      '/models/fraud-detector/evaluations/00000000-0000-4000-8000-000000000000',
      '/runs/00000000-0000-4000-8000-000000000000',
      '/runs/not-a-uuid',
      '/jobs/00000000-0000-4000-8000-000000000000',
      '/jobs/not-a-uuid',
      '/experiments/no-such-experiment',
    ]) {
      const res = await page.goto(`${web.url}${path}`);
      expect(res?.status(), path).toBe(404);
      await page.getByTestId('not-found').waitFor();
    }
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

  it('uploads a dataset, and follows a batch-test job to its metrics and curves', async () => {
    // The refused uploads below are answered 400 and 413, which the browser logs.
    const page = await signedIn([/status of 400/, /status of 413/]);
    await page.click('header >> text=Datasets');
    await page.waitForURL(/\/datasets$/);
    expect(await page.getByTestId('upload-limit').textContent()).toContain('64.0 KiB');
    // A file over the limit is refused before it is sent…
    await page.setInputFiles('#file', {
      name: 'big.csv',
      mimeType: 'text/csv',
      buffer: Buffer.alloc(MAX_DATASET_BYTES + 1, 'a'),
    });
    await page.click('form.upload button[type=submit]');
    await page.getByTestId('upload-error').waitFor();
    expect(await page.getByTestId('upload-error').textContent()).toMatch(
      /largest upload is 64\.0 KiB/,
    );
    // …and the API refuses one sent anyway, through the portal's streaming route.
    const direct = await page.evaluate(async (size) => {
      const res = await fetch('/datasets/upload?format=csv', {
        method: 'POST',
        body: 'a'.repeat(size),
      });
      return { status: res.status, body: await res.text() };
    }, MAX_DATASET_BYTES + 1);
    expect(direct.status, direct.body).toBe(413);
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
    // The progress line shows while the file is sent (too briefly here to read: watch for it).
    // (Browser code as a string: these tests are compiled without the DOM's types.)
    await page.evaluate(`
      window.sawProgress = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid=upload-progress]')) window.sawProgress = true;
      }).observe(document.body, { subtree: true, childList: true });
    `);
    await page.click('form.upload button[type=submit]');
    await page.getByTestId('upload-ok').waitFor();
    expect(await page.evaluate('window.sawProgress')).toBe(true);
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
    await page.fill(
      '#bt-metrics',
      'accuracy, rocAuc, confusionMatrix, rocCurve, precisionRecallCurve, calibrationCurve',
    );
    await page.fill('#bt-level', '0.9');
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
    // The bootstrap interval at the level asked, as "[lower, upper] at 90 %".
    expect(metricsText).toMatch(/accuracy[\d.]+\[[\d.]+, [\d.]+\] at 90 %/);
    expect(metricsText).not.toContain('95 %');
    expect(await page.getByTestId('job-facts').textContent()).toContain('succeeded');
    await page.screenshot({ path: `/tmp/portal-job-${backendName}.png`, fullPage: true });

    // The full report draws the structured results.
    await page.click('[data-testid=evaluation-report-link]');
    await page.waitForURL(/\/models\/fraud-detector\/evaluations\//);
    const matrix = page.getByTestId('confusion-matrix');
    await matrix.waitFor();
    // python3 (scikit-learn), y = [0,1,0,0,1,0,1,1], x0 = [-2,3,1,-1,2,-3,4,0], p = 1/(1+exp(-x0)):
    // confusion_matrix(y, x0 > 0) = [[3, 1], [1, 3]] (LogisticRegression.predict: class 1 when
    // the decision function is > 0, so x0 = 0 is class 0); roc_auc_score(y, p) = 0.9375;
    // average_precision_score(y, p) = 0.95
    const cells = await matrix.locator('tbody td').allTextContents();
    expect(cells).toEqual(['3', '1', '1', '3']);
    const roc = page.getByTestId('roc-curve');
    expect(await roc.getAttribute('aria-label')).toBe('ROC curve · AUC = 0.9375');
    expect(Number(await roc.locator('path').getAttribute('data-points'))).toBeGreaterThan(2);
    expect(await page.getByTestId('pr-curve').getAttribute('aria-label')).toBe(
      'Precision–recall · AP = 0.95',
    );
    await page.getByTestId('calibration-curve').waitFor();
    expect(await page.getByTestId('evaluation-metrics').textContent()).toMatch(/at 90 %/);
    await page.screenshot({ path: `/tmp/portal-evaluation-${backendName}.png`, fullPage: true });
    // Loaded in full too (the click above was a client-side navigation): it hydrates cleanly.
    await page.reload({ waitUntil: 'load' });
    await page.getByTestId('roc-curve').waitFor();
    await page.waitForTimeout(300);

    // The model page lists it with the level asked.
    await page.click('text=← fraud-detector');
    await page.waitForURL(/\/models\/fraud-detector#batch-tests$/);
    expect(await page.getByTestId('evaluations').textContent()).toMatch(/at 90 %/);
    await page.close();
  });

  const signedIn = async (allowed: RegExp[] = []) => {
    const page = await pages.open(allowed);
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
  const pages = pageWatcher(() => browser);
  afterEach(() => pages.check());

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
    const page = await pages.open();
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
