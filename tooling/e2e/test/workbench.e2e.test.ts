import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkAccessibility } from './support/axe.js';
import { type Backend, createBackend } from './support/backends.js';
import { repoRoot } from './support/paths.js';
import { type Running, type RunningApi, startApi, startWeb } from './support/processes.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(repoRoot, 'tooling/e2e/artifacts');

// y = [0,1,0,1,…], two features, a sensitive group; the model scores 1.5·x0 − 0.8·x1 + 0.2.
const ROWS = [
  [-2, 1, 'a', 0],
  [3, 0, 'a', 1],
  [1, 2, 'b', 0],
  [-1, -1, 'b', 0],
  [2, 1, 'a', 1],
  [-3, 0, 'b', 0],
  [4, 2, 'b', 1],
  [0, -2, 'a', 1],
  [0.5, 1.5, 'a', 0],
  [1.5, -0.5, 'b', 1],
  [-0.5, 0.5, 'a', 1],
  [2.5, 3, 'b', 0],
] as const;
const CSV = `x0,x1,group,label\n${ROWS.map((r) => r.join(',')).join('\n')}\n`;
const SPEC = {
  type: 'logistic',
  coef: [1.5, -0.8],
  intercept: 0.2,
  classes: [0, 1],
  featureNames: ['x0', 'x1'],
};

/**
 * The workbench walk in a browser (issue 17): register a model and upload a version from the
 * portal's forms → batch test → the report's plots (the AUC label equals the API's number) →
 * explain → the explanation plots → metric playground → compare runs; alias moves with a gate's
 * refusal. Every page is checked with axe-core (no serious or critical violation) and fails the
 * test on a console error; a failing test leaves a screenshot in tooling/e2e/artifacts/.
 */
describe('workbench in a browser on the embedded database', () => {
  let backend: Backend;
  let api: RunningApi;
  let web: Running;
  let browser: Browser;
  let key: string;
  let page: Page | undefined;
  const consoleErrors: string[] = [];
  const allowed: RegExp[] = [];

  const call = async (path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return res;
  };
  const json = async <T>(res: Response, status: number): Promise<T> => {
    const text = await res.text();
    expect(res.status, text).toBe(status);
    return JSON.parse(text) as T;
  };

  /** axe-core on the page as it is: no serious or critical violation. */
  const open = async (path: string) => {
    const p = page as Page;
    const res = await p.goto(`${web.url}${path}`, { waitUntil: 'load' });
    expect(res?.status(), path).toBe(200);
    await checkAccessibility(p, path);
    return p;
  };

  beforeAll(async () => {
    backend = await createBackend('embedded');
    api = await startApi(backend.env);
    key = api.firstKey as string;
    web = await startWeb(api.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    page = await browser.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(`${page?.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`${page?.url()}: ${err.message}`));
    await page.goto(`${web.url}/login`);
    await page.fill('#apiKey', key);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/models$/);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const name = ctx.task.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80);
      await page.screenshot({ path: join(ARTIFACTS, `workbench-${name}.png`), fullPage: true });
    }
    const unexpected = consoleErrors.filter((e) => !allowed.some((re) => re.test(e)));
    consoleErrors.length = 0;
    allowed.length = 0;
    expect(unexpected, 'console or page errors').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await api?.stop();
    await backend?.dispose();
  });

  let evaluationId: string;

  it('registers a model and uploads a version with its signature, tags and source run', async () => {
    // The run that produced the version, for its lineage.
    await json(
      await call('/v1/projects/default/experiments', 'POST', { name: 'churn-tuning' }),
      201,
    );
    const run = await json<{ id: string }>(
      await call('/v1/projects/default/experiments/churn-tuning/runs', 'POST', {
        name: 'lr-0.1',
        params: { lr: 0.1, depth: 3, seed: 1 },
      }),
      201,
    );
    const p = await open('/models');
    await p.click('[data-testid=register-model-link]');
    await p.waitForURL(/\/models\/new$/);
    await checkAccessibility(p, '/models/new');
    await p.fill('#model-name', 'churn');
    await p.fill('#model-description', 'Who leaves next month');
    await p.click('form[aria-label="Register a model"] button[type=submit]');
    await p.waitForURL(/\/models\/churn\/versions\/new$/);
    await checkAccessibility(p, '/models/churn/versions/new');
    // A signature that does not fit is refused with the API's reason beside the form.
    allowed.push(/status of 400/);
    await p.fill('#v-spec', JSON.stringify(SPEC));
    await p.selectOption('#v-output', 'probability');
    await p.fill('#v-classes', '0, 1, 2');
    await p.click('form[aria-label="Upload a version"] button[type=submit]');
    await p.getByTestId('version-error').waitFor();
    expect(await p.getByTestId('version-error').textContent()).toMatch(/two classes \(got 3\)/);
    await p.fill('#v-classes', '0, 1');
    await p.fill('#v-features', 'x0:numeric, x1:numeric');
    await p.fill('#v-tags', 'framework=hand, owner=risk');
    await p.fill('#v-run', run.id);
    await p.click('form[aria-label="Upload a version"] button[type=submit]');
    await p.waitForURL(/\/models\/churn\/versions\/1$/);
    await checkAccessibility(p, '/models/churn/versions/1');
    const facts = (await p.getByTestId('version-facts').textContent()) ?? '';
    expect(facts).toContain('json');
    expect(await p.getByTestId('version-tags').textContent()).toContain('framework=hand');
    expect(await p.getByTestId('output-signature').textContent()).toContain('classes 0, 1');
    expect(await p.getByTestId('version-signature').textContent()).toContain('x1');
    const lineage = (await p.getByTestId('lineage').textContent()) ?? '';
    expect(lineage).toContain('lr-0.1');
    expect(lineage).toContain('churn-tuning');
    // The API has it as uploaded.
    const version = await json<{ inputSignature: unknown; sourceRunId: string; tags: unknown }>(
      await call('/v1/projects/default/models/churn/versions/1'),
      200,
    );
    expect(version).toMatchObject({
      sourceRunId: run.id,
      tags: { framework: 'hand', owner: 'risk' },
      inputSignature: { features: [{ name: 'x0' }, { name: 'x1' }] },
    });
  });

  it('runs a batch test and draws its report: matrices, curves with the API’s AUC, groups', async () => {
    const dataset = await fetch(`${api.url}/v1/projects/default/datasets?format=csv&name=holdout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body: CSV,
    });
    const { id: datasetId } = await json<{ id: string }>(dataset, 201);
    const p = await open('/models/churn');
    await p.selectOption('#bt-version', '1');
    await p.selectOption('#bt-dataset', datasetId);
    await p.fill('#bt-target', 'label');
    await p.fill(
      '#bt-metrics',
      'accuracy, rocAuc, confusionMatrix, rocCurve, precisionRecallCurve, calibrationCurve, groupMetrics',
    );
    await p.fill('#bt-sensitive', 'group');
    await p.fill('#bt-resamples', '200');
    await p.click('form[aria-label="Run a batch test"] button[type=submit]');
    await p.waitForURL(/\/jobs\//);
    const link = p.getByTestId('evaluation-report-link');
    await link.waitFor({ timeout: 60_000 });
    await p.click('[data-testid=evaluation-report-link]');
    await p.waitForURL(/\/models\/churn\/evaluations\//);
    evaluationId = (/evaluations\/([^?]+)/.exec(p.url()) as RegExpExecArray)[1] as string;
    await p.reload({ waitUntil: 'load' });
    await checkAccessibility(p, 'evaluation report');
    const evaluation = await json<{ metrics: { name: string; value: number | null }[] }>(
      await call(`/v1/projects/default/evaluations/${evaluationId}`),
      200,
    );
    const auc = evaluation.metrics.find((m) => m.name === 'rocAuc')?.value as number;
    expect(auc).toBeGreaterThan(0.5);
    expect(await p.getByTestId('roc-curve').getAttribute('aria-label')).toBe(
      `ROC curve · AUC = ${Number(auc.toPrecision(4))}`,
    );
    // Counts and shares of each true label: the normalised rows sum to 1.
    const counts = (
      await p.getByTestId('confusion-matrix').locator('tbody td').allTextContents()
    ).map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(ROWS.length);
    const shares = (
      await p.getByTestId('confusion-matrix-normalised').locator('tbody td').allTextContents()
    ).map(Number);
    expect((shares[0] as number) + (shares[1] as number)).toBeCloseTo(1, 3);
    await p.getByTestId('pr-curve').waitFor();
    await p.getByTestId('calibration-curve').waitFor();
    const groups = (await p.getByTestId('group-metrics').textContent()) ?? '';
    expect(groups).toContain('disparity');
    expect(await p.getByTestId('group-chart-accuracy').locator('[data-label]').count()).toBe(2);
  });

  it('compares two batch tests on the same data side by side', async () => {
    // A second version, through the API, tested on the same dataset.
    const v2 = await fetch(`${api.url}/v1/projects/default/models/churn/versions?format=json`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body: JSON.stringify({ ...SPEC, coef: [1, -0.2] }),
    });
    await json(v2, 201);
    const first = await json<{ datasetId: string }>(
      await call(`/v1/projects/default/evaluations/${evaluationId}`),
      200,
    );
    const { evaluation: second } = await json<{ evaluation: { id: string } }>(
      await call('/v1/projects/default/evaluations', 'POST', {
        model: 'churn',
        version: 2,
        dataset: { id: first.datasetId },
        target: 'label',
        metrics: [{ name: 'accuracy' }, { name: 'rocAuc' }, { name: 'rocCurve' }],
      }),
      201,
    );
    const p = await open(`/models/churn/evaluations/${evaluationId}`);
    await p.selectOption('#compare-b', second.id);
    await p.click('form[aria-label="Compare with another batch test on the same data"] button');
    await p.waitForURL(/evaluations\/compare\?/);
    await checkAccessibility(p, 'evaluation comparison');
    await p.getByTestId('same-data').waitFor();
    expect(await p.getByTestId('compare-metrics').textContent()).toContain('rocAuc');
    expect(await p.getByTestId('compare-roc').locator('path[data-series]').count()).toBe(2);
  });

  it('draws a regression batch test’s residuals against predictions and their histogram', async () => {
    await json(await call('/v1/projects/default/models', 'POST', { name: 'spend' }), 201);
    const form = new FormData();
    form.append(
      'metadata',
      JSON.stringify({
        inputSignature: {
          features: [
            { name: 'x0', type: 'numeric' },
            { name: 'x1', type: 'numeric' },
          ],
        },
      }),
    );
    form.append(
      'artifact',
      new Blob([JSON.stringify({ type: 'linear', coef: [2, -1], intercept: 0.5 })]),
    );
    const version = await fetch(
      `${api.url}/v1/projects/default/models/spend/versions?format=json`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
        body: form,
      },
    );
    await json(version, 201);
    // y = 2·x0 − x1 + 0.5 + r, with known residuals r.
    const r = ROWS.map((_, i) => ((i % 5) - 2) / 4);
    const csv = `x0,x1,y\n${ROWS.map((row, i) => `${row[0]},${row[1]},${2 * row[0] - row[1] + 0.5 + (r[i] as number)}`).join('\n')}\n`;
    const stored = await fetch(`${api.url}/v1/projects/default/datasets?format=csv&name=spend`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body: csv,
    });
    const { id: datasetId } = await json<{ id: string }>(stored, 201);
    const { evaluation } = await json<{ evaluation: { id: string } }>(
      await call('/v1/projects/default/evaluations', 'POST', {
        model: 'spend',
        version: 1,
        dataset: { id: datasetId },
        target: 'y',
        metrics: [{ name: 'rmse' }, { name: 'r2' }, { name: 'residuals' }],
      }),
      201,
    );
    // The batch test stored its residuals (the core's residuals metric): the page draws them.
    const p = await open(`/models/spend/evaluations/${evaluation.id}`);
    await p.getByTestId('residuals-vs-predicted').waitFor();
    await checkAccessibility(p, 'residual plots');
    expect(await p.getByTestId('residuals-summary').textContent()).toContain(
      `over ${ROWS.length} rows`,
    );
    const scatter = p.getByTestId('residuals-vs-predicted');
    expect(await scatter.locator('circle').count()).toBe(ROWS.length);
    const counts = await p
      .getByTestId('residual-histogram')
      .locator('rect[data-count]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(ROWS.length);
    // The residuals drawn are the ones built into the data: five distinct values.
    const ys = await scatter
      .locator('circle')
      .evaluateAll((els) => new Set(els.map((e) => e.getAttribute('cy'))).size);
    expect(ys).toBe(5);
  });

  it('explains the version and draws the SHAP and permutation-importance plots', async () => {
    const x = ROWS.map((r) => [r[0], r[1]]);
    const shap = await json<{ id: string }>(
      await call('/v1/projects/default/explanations', 'POST', {
        method: 'shap',
        model: { name: 'churn', version: 1 },
        input: { background: x.slice(0, 6), instances: x },
        params: { method: 'exact' },
        async: true,
      }),
      202,
    );
    const pfi = await json<{ id: string }>(
      await call('/v1/projects/default/explanations', 'POST', {
        method: 'permutationImportance',
        model: { name: 'churn', version: 1 },
        input: { X: x, y: ROWS.map((r) => r[3]) },
        params: { nRepeats: 5, seed: 3 },
        async: true,
      }),
      202,
    );
    const done = async (id: string) => {
      for (let i = 0; i < 120; i++) {
        const job = await json<{ status: string; result: Record<string, unknown> }>(
          await call(`/v1/projects/default/jobs/${id}`),
          200,
        );
        if (job.status === 'succeeded') return job.result;
        expect(job.status).not.toBe('failed');
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`job ${id} did not finish`);
    };
    const shapResult = (await done(shap.id)) as { values: number[][]; baseValue: number };
    const pfiResult = (await done(pfi.id)) as { importancesStd: number[] };
    // The version page lists both explanations.
    const v = await open('/models/churn/versions/1');
    expect(await v.getByTestId('version-explanations').locator('li').count()).toBe(2);

    const p = await open(`/jobs/${shap.id}`);
    await p.getByTestId('explanation-chart').waitFor();
    expect(await p.getByTestId('shap-beeswarm').locator('circle').count()).toBe(2 * ROWS.length);
    await p.getByTestId('shap-dependence').waitFor();
    // The waterfall of instance 3 shows its SHAP values, ending at base + Σφ.
    await p.selectOption('#ex-instance', '3');
    await p.click('form[aria-label="Choose the instance and the feature"] button');
    await p.waitForURL(/instance=3/);
    await checkAccessibility(p, 'SHAP plots');
    const phi = shapResult.values[3] as number[];
    const steps = p.getByTestId('shap-waterfall').locator('[data-phi]');
    const shown = (
      await steps.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-phi'))))
    ).sort();
    expect(shown).toEqual([...phi].sort());
    const out = shapResult.baseValue + phi.reduce((a, b) => a + b, 0);
    expect(await p.getByTestId('shap-waterfall').getAttribute('aria-label')).toContain(
      `output ${Number(out.toPrecision(4))}`,
    );

    const q = await open(`/jobs/${pfi.id}`);
    const bars = q.getByTestId('explanation-chart');
    await bars.waitFor();
    expect(await bars.getAttribute('aria-label')).toMatch(/± 1 sd/);
    // One error bar (three lines) per feature whose importance varied over the shuffles.
    const varied = pfiResult.importancesStd.filter((sd) => sd > 0).length;
    expect(varied).toBeGreaterThan(0);
    expect(await bars.locator('g[stroke] line').count()).toBe(3 * varied);

    // The mimic explainer: a depth-2 surrogate tree drawn as nested rules, with its fidelity.
    const mimic = await json<{ id: string }>(
      await call('/v1/projects/default/explanations', 'POST', {
        method: 'surrogate',
        model: { name: 'churn', version: 1 },
        input: { X: x },
        params: { surrogate: 'tree', maxDepth: 2 },
        async: true,
      }),
      202,
    );
    const mimicResult = (await done(mimic.id)) as {
      tree: { feature: number }[];
      fidelity: Record<string, number>;
    };
    const r = await open(`/jobs/${mimic.id}`);
    const tree = r.getByTestId('surrogate-tree');
    await tree.waitFor();
    const splits = mimicResult.tree.filter((n) => n.feature >= 0).length;
    expect(splits).toBeGreaterThan(0);
    // Two branches per split, each a list item.
    expect(await tree.locator('li').count()).toBe(2 * splits);
    const [kind, value] = Object.entries(mimicResult.fidelity)[0] as [string, number];
    expect(await r.getByTestId('fidelity').textContent()).toContain(kind);
    expect(await r.getByTestId('fidelity').textContent()).toContain(
      String(Number(value.toPrecision(4))),
    );
    await checkAccessibility(r, 'surrogate tree');
  });

  it('computes a metric in the playground from its generated form', async () => {
    const p = await open('/playground?metric=accuracy');
    expect(await p.getByTestId('playground-metric').textContent()).toBe('accuracy');
    await p.fill('#input-yTrue', '1, 0, 1, 1');
    await p.fill('#input-yPred', '1, 0, 0, 1');
    await p.click('form[aria-label="Compute accuracy"] button[type=submit]');
    await p.getByTestId('playground-value').waitFor();
    expect(await p.getByTestId('playground-value').textContent()).toBe('0.75');
    await checkAccessibility(p, 'playground result');
    // A refused input comes back with the API's reason.
    await p.fill('#input-yPred', '1, 0');
    await p.click('form[aria-label="Compute accuracy"] button[type=submit]');
    await p.getByTestId('playground-error').waitFor();
    expect(await p.getByTestId('playground-error').textContent()).toBe(
      'yTrue has 4 labels but yPred has 2',
    );
    // Another metric's form is generated from its own schema.
    await p.selectOption('#pg-metric', 'rocAuc');
    await p.click('form[aria-label="Choose a metric"] button');
    await p.waitForURL(/metric=rocAuc/);
    expect(await p.getByTestId('playground-metric').textContent()).toBe('rocAuc');
    await p.locator('#input-yScore').waitFor();
  });

  it('compares runs: overlaid metric charts and a params diff with differences only', async () => {
    const ids: string[] = [];
    for (const [name, lr] of [
      ['lr-0.01', 0.01],
      ['lr-0.3', 0.3],
    ] as const) {
      const run = await json<{ id: string }>(
        await call('/v1/projects/default/experiments/churn-tuning/runs', 'POST', {
          name,
          params: { lr, depth: 3, seed: 1 },
        }),
        201,
      );
      ids.push(run.id);
      const points = Array.from({ length: 5000 }, (_, step) => ({
        key: 'train/loss',
        value: Math.exp(-lr * step * 0.01) + 0.01 * Math.sin(step),
        step,
      }));
      points.push({ key: 'val/auc', value: 0.8 + lr / 10, step: 0 });
      await json(await call(`/v1/runs/${run.id}/metrics`, 'POST', { points }), 201);
    }
    const p = await open('/experiments/churn-tuning');
    // Sorted by lr in the database: a header link; again for descending.
    const runNames = () => p.getByTestId('run').locator('td:nth-child(2)').allTextContents();
    await p.click('[data-testid="sort-params.lr"]');
    await p.waitForURL(/sort=params\.lr/);
    expect(await runNames()).toEqual(['lr-0.01', 'lr-0.1', 'lr-0.3']);
    await p.click('[data-testid="sort-params.lr"]');
    await p.waitForURL(/sort=-params\.lr/);
    expect(await runNames()).toEqual(['lr-0.3', 'lr-0.1', 'lr-0.01']);
    // Filtered by a parameter's value.
    await p.fill('#rf-params', 'lr=0.3');
    await p.click('form[aria-label="Filter the runs"] button');
    await p.waitForURL(/params=lr%3D0\.3/);
    expect(await runNames()).toEqual(['lr-0.3']);
    await checkAccessibility(p, 'sorted, filtered runs');
    // Sorted by a metric's latest value (runs without it last), then filtered by a comparison.
    await p.goto(`${web.url}/experiments/churn-tuning`);
    await p.click('[data-testid="sort-metrics.val/auc"]');
    await p.waitForURL(/sort=metrics\.val%2Fauc/);
    expect(await runNames()).toEqual(['lr-0.01', 'lr-0.3', 'lr-0.1']);
    await p.fill('#rf-metrics', 'val/auc>=0.82');
    await p.click('form[aria-label="Filter the runs"] button');
    await p.waitForURL(/metrics=val%2Fauc%3E%3D0\.82/);
    expect(await runNames()).toEqual(['lr-0.3']);
    expect(await p.locator('td[data-metric="val/auc"]').allTextContents()).toEqual(['0.83']);
    await checkAccessibility(p, 'runs filtered by a metric');
    await p.goto(`${web.url}/experiments/churn-tuning`);
    for (const id of ids) await p.check(`input[name=run][value="${id}"]`);
    await p.click('[data-testid=compare-runs]');
    await p.waitForURL(/\/experiments\/churn-tuning\/compare\?/);
    await checkAccessibility(p, 'run comparison');
    const charts = p.getByTestId('compare-metric-chart');
    expect(await charts.count()).toBe(2);
    const lines = charts.first().locator('path[data-series]');
    expect(await lines.count()).toBe(2);
    // 5,000 points each, drawn as the API downsamples them (LTTB to 598 points from the
    // envelope, plus the lowest and highest points where LTTB left them out).
    const drawn = (
      await lines.evaluateAll((paths) => paths.map((e) => Number(e.getAttribute('data-points'))))
    ).sort();
    for (const n of drawn) expect(n === 598 || n === 599 || n === 600).toBe(true);
    const served = await Promise.all(
      ids.map(async (id) => {
        const page = await json<{ items: unknown[] }>(
          await call(`/v1/runs/${id}/metrics?key=train%2Floss&maxPoints=600`),
          200,
        );
        return page.items.length;
      }),
    );
    expect(served.sort()).toEqual(drawn);
    const all = (await p.getByTestId('params-diff').locator('tbody th').allTextContents()).join(
      ' ',
    );
    expect(all).toContain('depth');
    await p.click('[data-testid=diff-toggle]');
    await p.waitForURL(/diff=1/);
    const rows = await p.getByTestId('params-diff').locator('tbody tr[data-param]').count();
    expect(rows).toBe(1);
    expect(await p.getByTestId('params-diff').locator('tr[data-param=lr]').count()).toBe(1);
    // A run's page lists its metric keys.
    const run = await open(`/runs/${ids[0]}`);
    expect(await run.getByTestId('metric-keys').textContent()).toContain('5000 points');
  });

  it('moves an alias from the version page, and shows a gate’s refusal', async () => {
    const p = await open('/models/churn/versions/1');
    // No alias yet: a new one.
    await p.selectOption('#ma-alias', '');
    await p.fill('#ma-new', 'production');
    await p.fill('#ma-reason', 'best AUC on the holdout');
    await p.selectOption('#ma-evaluation', evaluationId);
    await p.click('form[aria-label="Move an alias to this version"] button[type=submit]');
    await p.getByTestId('move-alias-ok').waitFor();
    expect(await p.getByTestId('move-alias-ok').textContent()).toContain(
      'production now points at v1',
    );
    // A gate on production: moving v2 without a passing report is refused (409).
    const dataset = await json<{ datasetId: string }>(
      await call(`/v1/projects/default/evaluations/${evaluationId}`),
      200,
    );
    await json(
      await call('/v1/projects/default/models/churn/aliases/production/gate-policy', 'PUT', {
        datasetId: dataset.datasetId,
        target: 'label',
        checks: [{ kind: 'threshold', metric: 'accuracy', op: '>=', value: 0.99 }],
      }),
      200,
    );
    const q = await open('/models/churn/versions/2');
    await q.selectOption('#ma-alias', 'production');
    await q.fill('#ma-reason', 'try the simpler one');
    await q.click('form[aria-label="Move an alias to this version"] button[type=submit]');
    await q.getByTestId('move-alias-error').waitFor();
    expect(await q.getByTestId('move-alias-error').textContent()).toMatch(/^Refused \(409\)/);
    await checkAccessibility(q, 'alias refusal');
    const held = await json<{ number: number }>(
      await call('/v1/projects/default/models/churn/aliases/production/version'),
      200,
    );
    expect(held.number).toBe(1);
    // The model page draws the ledger as a timeline: one band for v1, its move resting on an
    // evaluation (a square mark).
    const m = await open('/models/churn');
    const timeline = m.getByTestId('alias-timeline-production');
    await timeline.waitFor();
    expect(
      await timeline
        .locator('g[data-band]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-band'))),
    ).toEqual(['v1']);
    expect(await timeline.locator('[data-basis]').getAttribute('data-basis')).toBe('evaluation');
    await checkAccessibility(m, 'model page with an alias timeline');
  });
});
