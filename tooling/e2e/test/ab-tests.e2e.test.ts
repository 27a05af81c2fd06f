import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { type Running, type RunningApi, startApi, startWeb } from './support/processes.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Assignment {
  unitId: string;
  variant: number;
  name: string | null;
  version: number | null;
  first: boolean;
}

/**
 * An online A/B test end to end (issue 14), on both databases: create → assign (sticky across an
 * API restart and a ramp-up) → predict per variant → outcomes (a retried batch stored once) →
 * analysis (API and the portal's page in Chromium) → stop with a winner → the alias's gate runs
 * on the winner with the A/B report → the alias moves, and its ledger cites the report.
 */
describe.each(BACKENDS)('A/B test on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;
  let web: Running;
  let browser: Browser;
  let headers: Record<string, string>;
  let key: string;
  const model = () => `${api.url}/v1/projects/default/models/churn`;
  const tests = () => `${api.url}/v1/projects/default/ab-tests`;
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
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  const assign = async (id: string, units: string[]) => {
    const res = await call(`${tests()}/${id}/assignments`, 'POST', { units });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.assignments as Assignment[];
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: set CHROMIUM_PATH`);
    backend = await createBackend(backendName);
    api = await startApi(backend.env);
    key = api.firstKey as string; // printed once: the restarted API prints none
    headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    expect(
      (await call(`${api.url}/v1/projects/default/models`, 'POST', { name: 'churn' })).status,
    ).toBe(201);
    // v1 (the control): p = σ(x0); v2 (the treatment): p = σ(x0 − 0.1). Both classify x0's sign.
    for (const intercept of [0, -0.1]) {
      const v = await fetch(`${model()}/versions?format=json`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        body: JSON.stringify({ type: 'logistic', coef: [1], intercept, classes: ['no', 'yes'] }),
      });
      expect(v.status, await v.clone().text()).toBe(201);
    }
    expect((await call(`${model()}/aliases/production`, 'PUT', { version: 1 })).status).toBe(200);
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

  it('create → sticky assignment → predict → outcomes → analysis → stop → gate → alias moved citing the report', async () => {
    const created = await call(tests(), 'POST', {
      model: 'churn',
      name: 'threshold',
      // A fixed salt: which units land in which variant (and so the simulated outcomes below)
      // is the same on every run; with the default random salt the interval's lower bound
      // fell just below 0 on some runs.
      salt: 'e2e-threshold',
      variants: [
        { name: 'control', alias: 'production', weight: 1 },
        { name: 'treatment', version: 2, weight: 1 },
      ],
      metrics: [
        { name: 'converted', kind: 'proportion', event: 'purchase' },
        {
          name: 'revenue-per-session',
          kind: 'ratio',
          event: 'revenue',
          denominator: 'session',
          role: 'guardrail',
        },
      ],
      plan: { baseline: { kind: 'proportion', rate: 0.2 }, mde: 0.5, dailyUnits: 400 },
      alias: 'production',
      start: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;

    const units = Array.from({ length: 400 }, (_, i) => `user-${i}`);
    const first = await assign(id, units);
    expect(first.every((a) => a.first && a.variant >= 0)).toBe(true);
    expect(new Set(first.map((a) => a.variant))).toEqual(new Set([0, 1]));

    // Sticky across a restart of the API (the exposures are in the database) …
    await api.stop();
    api = await startApi(backend.env);
    web = await startWeb(api.url);
    const afterRestart = await assign(id, units);
    expect(afterRestart.map((a) => a.variant)).toEqual(first.map((a) => a.variant));
    expect(afterRestart.some((a) => a.first)).toBe(false);
    // … and across a ramp-up: only new units follow the new weights.
    const ramp = await call(`${tests()}/${id}`, 'PATCH', { weights: [0.2, 0.8] });
    expect(ramp.status).toBe(200);
    const afterRamp = await assign(id, [
      ...units,
      ...Array.from({ length: 100 }, (_, i) => `late-${i}`),
    ]);
    expect(afterRamp.slice(0, 400).map((a) => a.variant)).toEqual(first.map((a) => a.variant));
    const late = afterRamp.slice(400);
    expect(late.every((a) => a.first)).toBe(true);
    expect(late.filter((a) => a.variant === 1).length).toBeGreaterThan(60);

    // Predict per variant: the unit's variant answers, and says so.
    for (const variant of [0, 1]) {
      const unit = first.find((a) => a.variant === variant) as Assignment;
      const res = await call(`${model()}/predict`, 'POST', {
        unit: { abTest: id, id: unit.unitId },
        rows: [[0.5]],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({
        version: variant + 1,
        abTest: { id, variant, first: false },
      });
      expect(res.headers.get('x-assay-ab-variant')).toBe(variant === 0 ? 'control' : 'treatment');
    }

    // Outcomes: the treatment converts one unit in 2, the control one in 5; revenue per session.
    const all = afterRamp;
    const events = all.flatMap((a, i) => [
      { unitId: a.unitId, event: 'session', value: 1 + (i % 3) },
      ...(i % (a.variant === 1 ? 2 : 5) === 0
        ? [
            { unitId: a.unitId, event: 'purchase' },
            { unitId: a.unitId, event: 'revenue', value: 10 + (i % 7) },
          ]
        : []),
    ]);
    const half = Math.ceil(events.length / 2);
    for (const [k, batch] of [events.slice(0, half), events.slice(half)].entries()) {
      const res = await call(
        `${tests()}/${id}/events`,
        'POST',
        { events: batch },
        { 'idempotency-key': `batch-${k}` },
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ stored: batch.length, duplicate: false });
    }
    const retried = await call(
      `${tests()}/${id}/events`,
      'POST',
      { events: events.slice(0, half) },
      { 'idempotency-key': 'batch-0' },
    );
    expect(retried.body).toEqual({ stored: 0, duplicate: true });

    const analysis = await call(`${tests()}/${id}/analysis`, 'GET');
    expect(analysis.status).toBe(200);
    const converted = analysis.body.analysis.metrics.find(
      (m: { name: string }) => m.name === 'converted',
    );
    expect(analysis.body.analysis.srm.flagged).toBe(false);
    expect(converted.variants.map((v: { units: number }) => v.units)).toEqual(
      [0, 1].map((v) => all.filter((a) => a.variant === v).length),
    );
    expect(converted.variants[1].relative.estimate).toBeGreaterThan(0.5);
    expect(converted.variants[1].relative.ci[0]).toBeGreaterThan(0);
    expect(analysis.body.series.length).toBeGreaterThan(0);
    expect(
      analysis.body.exposuresByDay.reduce((s: number, d: { units: number }) => s + d.units, 0),
    ).toBe(500);

    // The portal's page: the lift, its interval over time, no SRM banner.
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${web.url}/login`);
    await page.fill('#apiKey', key);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/models$/);
    await page.goto(`${web.url}/ab-tests`);
    expect((await page.getByTestId('ab-tests').textContent()) ?? '').toContain('threshold');
    await page.goto(`${web.url}/ab-tests/${id}`);
    expect(await page.getByTestId('ab-metric').count()).toBe(2);
    expect(await page.getByTestId('ab-forest').count()).toBe(2);
    expect(await page.getByTestId('ab-interval-over-time').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('srm-banner').count()).toBe(0);
    expect((await page.getByTestId('ab-variants').textContent()) ?? '').toContain('treatment');
    expect(errors).toEqual([]);

    // Stop with the winner: the alias's gate runs on version 2 with the A/B report as evidence.
    const dataset = await fetch(`${api.url}/v1/projects/default/datasets?format=csv`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: `x0,y\n${Array.from({ length: 40 }, (_, i) => `${(i - 20) / 4 + 0.3},${(i - 20) / 4 + 0.3 > 0 ? 'yes' : 'no'}`).join('\n')}\n`,
    });
    expect(dataset.status).toBe(201);
    const datasetId = ((await dataset.json()) as { id: string }).id;
    const policy = await call(`${model()}/aliases/production/gate-policy`, 'PUT', {
      datasetId,
      target: 'y',
      checks: [{ kind: 'threshold', metric: 'accuracy', op: '>=', value: 0.9 }],
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(200);
    const stopped = await call(`${tests()}/${id}/stop`, 'POST', {
      winner: 'treatment',
      reason: 'conversion +150 %',
    });
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    expect(stopped.body.abTest.decision).toMatchObject({ winnerName: 'treatment', version: 2 });
    const gate = stopped.body.gate.report;
    expect(gate).toMatchObject({
      passed: true,
      candidateVersion: 2,
      evidence: { kind: 'abTest', abTestId: id },
    });
    expect(gate.evidence.report.metrics[0].name).toBe('converted');

    const moved = await call(`${model()}/aliases/production`, 'PUT', { version: 2 });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const why = await call(`${model()}/aliases/production/why?version=2`, 'GET');
    expect(why.body).toMatchObject({
      holdsNow: true,
      event: { toVersion: 2, gateReportId: gate.id },
      gateReport: { evidence: { kind: 'abTest', abTestId: id } },
    });
    // A stopped test serves its decision to everyone.
    const served = await assign(id, ['user-0', 'someone-new']);
    expect(served.map((a) => [a.variant, a.version])).toEqual([
      [1, 2],
      [1, 2],
    ]);
    await page.goto(`${web.url}/ab-tests/${id}`);
    expect((await page.getByTestId('ab-decision').textContent()) ?? '').toContain('treatment');
    await page.close();
  });
});
