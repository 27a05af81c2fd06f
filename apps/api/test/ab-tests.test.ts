import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assignVariant } from '@assay/core/abtest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  json,
  type ProblemBody,
  readJson,
  registerSpecVersion,
  startHarness,
} from './harness.js';

// scikit-learn 1.2.1 LogisticRegression on four columns of breast_cancer.csv (as in gates.test.ts):
// version 1; version 2 is the same model with a slightly different intercept (both pass the gate).
const GOOD = {
  type: 'logistic',
  coef: [0.986574, 0.215202, 0.800123, 3.370235],
  intercept: -19.273904,
  classes: ['benign', 'malignant'],
  featureNames: ['mean_radius', 'mean_texture', 'mean_smoothness', 'worst_concave_points'],
};
const csv = readFileSync(
  fileURLToPath(new URL('../../../fixtures/datasets/breast_cancer.csv', import.meta.url)),
  'utf8',
).trim();

interface AbTest {
  id: string;
  status: string;
  salt: string;
  variants: {
    index: number;
    name: string;
    version: number | null;
    alias: string | null;
    weight: number;
  }[];
  plan: {
    result: { unitsPerVariant: number; totalUnits: number; days: number | null } | null;
  } | null;
  decision: {
    winner: number | null;
    winnerName: string | null;
    version: number | null;
    report: Record<string, unknown>;
    override: { reason: string } | null;
  } | null;
}
interface Assignment {
  unitId: string;
  variant: number;
  name: string | null;
  version: number | null;
  first: boolean;
}

describe('A/B tests through the API', () => {
  let h: Harness;
  let editor: string;
  let viewer: string;
  const base = '/v1/projects/default/ab-tests';
  const model = '/v1/projects/default/models/cancer';
  const create = async (body: Record<string, unknown>, expected = 201) => {
    const res = await h.call(base, json(body));
    expect(res.status, await res.clone().text()).toBe(expected);
    return res;
  };
  const spec = (name: string, extra: Record<string, unknown> = {}) => ({
    model: 'cancer',
    name,
    variants: [
      { name: 'control', alias: 'production', weight: 1 },
      { name: 'treatment', version: 2, weight: 1 },
    ],
    metrics: [
      { name: 'converted', kind: 'proportion', event: 'purchase' },
      { name: 'revenue', kind: 'mean', event: 'revenue', role: 'guardrail' },
      { name: 'per-session', kind: 'ratio', event: 'revenue', denominator: 'session' },
    ],
    ...extra,
  });
  const assign = (id: string, units: string[], key?: string) =>
    h.call(`${base}/${id}/assignments`, { ...json({ units }), ...(key ? { key } : {}) });
  const events = (id: string, batch: unknown[], key?: string) =>
    h.call(`${base}/${id}/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      body: JSON.stringify({ events: batch }),
    });

  beforeAll(async () => {
    h = await startHarness({ ASSAY_AUTH_CACHE_MS: '0' });
    await registerSpecVersion(h, 'cancer', GOOD);
    const upload = await h.call(`${model}/versions?format=json`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: JSON.stringify({ ...GOOD, intercept: -19.2 }),
    });
    expect(upload.status).toBe(201);
    const project = await h.registry.projects.getByName('default');
    const projectId = project?.id as string;
    editor = (await h.registry.apiKeys.create({ projectId, role: 'editor' })).key;
    viewer = (await h.registry.apiKeys.create({ projectId, role: 'viewer' })).key;
    const moved = await h.call(`${model}/aliases/production`, {
      ...json({ version: 1 }),
      method: 'PUT',
    });
    expect(moved.status).toBe(200);
  });
  afterAll(() => h?.close());

  it('refuses bad tests with 4xx that say what to fix', async () => {
    const bad = async (body: Record<string, unknown>, status: number, pattern: RegExp) => {
      const res = await h.call(base, json(body));
      expect(res.status, await res.clone().text()).toBe(status);
      expect((await readJson<ProblemBody>(res)).detail).toMatch(pattern);
    };
    await bad(
      spec('a', { variants: [{ name: 'only', version: 1, weight: 1 }] }),
      400,
      /at least 2 variants/,
    );
    await bad(
      spec('a', { metrics: [{ name: 'r', kind: 'ratio', event: 'revenue' }] }),
      400,
      /a ratio metric needs a denominator event/,
    );
    await bad(
      spec('a', {
        variants: [
          { name: 'x', version: 1, weight: 1 },
          { name: 'x', version: 2, weight: 1 },
        ],
      }),
      400,
      /duplicate variant name 'x'/,
    );
    await bad(
      spec('a', {
        variants: [
          { name: 'x', version: 1, weight: 0 },
          { name: 'y', version: 2, weight: 0 },
        ],
      }),
      400,
      /the weights must not all be 0/,
    );
    await bad(
      spec('a', {
        variants: [
          { name: 'x', version: 1, weight: 1 },
          { name: 'y', version: 7, weight: 1 },
        ],
      }),
      404,
      /Version 7/,
    );
    await bad(
      spec('a', { plan: { baseline: { kind: 'proportion', rate: 0.9 }, mde: 0.5 } }),
      400,
      /treated rate must lie in \(0, 1\)/,
    );
    const byViewer = await h.call(base, { ...json(spec('a')), key: viewer });
    expect(byViewer.status).toBe(403);
  });

  it('assigns as GrowthBook would, sticky across a ramp-up; predicts with the unit’s variant', async () => {
    const test = await readJson<AbTest>(
      await create(
        spec('sticky', {
          salt: 'fixed-salt',
          coverage: 0.9,
          plan: { baseline: { kind: 'proportion', rate: 0.1 }, mde: 0.2, dailyUnits: 1000 },
        }),
      ),
    );
    expect(test.status).toBe('draft');
    expect(test.plan?.result).toMatchObject({
      unitsPerVariant: expect.any(Number),
      days: expect.any(Number),
    });
    const draft = await assign(test.id, ['u1']);
    expect(draft.status).toBe(409);
    expect((await readJson<ProblemBody>(draft)).detail).toMatch(/draft: start it/);
    const started = await h.call(`${base}/${test.id}`, {
      ...json({ status: 'running' }),
      method: 'PATCH',
    });
    expect(started.status).toBe(200);

    const units = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    const res = await assign(test.id, units, viewer);
    expect(res.status).toBe(200);
    const first = (await readJson<{ assignments: Assignment[] }>(res)).assignments;
    for (const a of first) {
      const expected = assignVariant({
        salt: 'fixed-salt',
        unitId: a.unitId,
        weights: [0.5, 0.5],
        coverage: 0.9,
      });
      expect(a.variant).toBe(expected.variant);
      expect(a.first).toBe(a.variant >= 0);
      expect(a.version).toBe(a.variant === 1 ? 2 : 1);
    }
    expect(new Set(first.map((a) => a.variant))).toEqual(new Set([-1, 0, 1]));

    // Ramp-up: everyone new goes to treatment; units seen before keep their variant.
    const ramp = await h.call(`${base}/${test.id}`, {
      ...json({ weights: [0, 1], coverage: 1 }),
      method: 'PATCH',
      key: editor,
    });
    expect(ramp.status).toBe(200);
    const again = (
      await readJson<{ assignments: Assignment[] }>(await assign(test.id, [...units, 'late-1']))
    ).assignments;
    for (const [i, a] of first.entries()) {
      if (a.variant >= 0) expect(again[i]).toMatchObject({ variant: a.variant, first: false });
      else expect(again[i]?.variant).toBe(1); // the holdout is not stored: now inside, hashed anew
    }
    expect(again.at(-1)).toMatchObject({ unitId: 'late-1', variant: 1, first: true });
    // The ramp-up is not a sample-ratio mismatch: each period's units are held to its own split.
    const ramped = await readJson<{ analysis: { srm: { flagged: boolean; pValue: number } } }>(
      await h.call(`${base}/${test.id}/analysis`),
    );
    expect(ramped.analysis.srm.flagged).toBe(false);

    const control = first.find((a) => a.variant === 0) as Assignment;
    const predict = await h.call(
      `${model}/predict`,
      json({ unit: { abTest: test.id, id: control.unitId }, rows: [[14, 20, 0.1, 0.1]] }),
    );
    expect(predict.status, await predict.clone().text()).toBe(200);
    expect(predict.headers.get('x-assay-ab-variant')).toBe('control');
    expect(await readJson(predict)).toMatchObject({
      version: 1,
      abTest: { id: test.id, variant: 0, name: 'control', first: false },
    });
    const fresh = await h.call(
      `${model}/predict`,
      json({ unit: { abTest: test.id, id: 'brand-new' }, rows: [[14, 20, 0.1, 0.1]] }),
    );
    expect(await readJson(fresh)).toMatchObject({
      version: 2,
      abTest: { variant: 1, name: 'treatment', first: true },
    });
    const both = await h.call(
      `${model}/predict`,
      json({ version: 1, unit: { abTest: test.id, id: 'x' }, rows: [[1, 2, 3, 4]] }),
    );
    expect(both.status).toBe(400);
    expect((await readJson<ProblemBody>(both)).detail).toMatch(
      /give a unit of an A\/B test, or a version or an alias, not both/,
    );
    const tooMany = await assign(
      test.id,
      Array.from({ length: 10_001 }, (_, i) => `u${i}`),
    );
    expect(tooMany.status).toBe(400);
    expect((await readJson<ProblemBody>(tooMany)).detail).toMatch(/at most 10000 unit ids/);
  });

  it('stores a batch once per key, refuses bad events naming them, and analyses the outcomes', async () => {
    const test = await readJson<AbTest>(await create(spec('outcomes', { start: true })));
    const units = Array.from({ length: 400 }, (_, i) => `u-${i}`);
    const { assignments } = await readJson<{ assignments: Assignment[] }>(
      await assign(test.id, units),
    );
    const batch = assignments.flatMap((a, i) => [
      { unitId: a.unitId, event: 'session', value: 1 + (i % 3) },
      ...(i % (a.variant === 1 ? 3 : 4) === 0 ? [{ unitId: a.unitId, event: 'purchase' }] : []),
      { unitId: a.unitId, event: 'revenue', value: (i % 7) + a.variant, pre: i % 5 },
    ]);
    const noKey = await events(test.id, batch);
    expect(noKey.status).toBe(400);
    expect((await readJson<ProblemBody>(noKey)).errors.map((e) => e.path)).toContain(
      'header.idempotency-key',
    );
    const once = await events(test.id, batch, 'batch-1');
    expect(once.status).toBe(201);
    expect(await readJson(once)).toEqual({ stored: batch.length, duplicate: false });
    const retry = await events(test.id, batch, 'batch-1');
    expect(await readJson(retry)).toEqual({ stored: 0, duplicate: true });
    const bad = await events(
      test.id,
      [{ unitId: 'u-1', event: 'purchase', value: 'x' }],
      'batch-2',
    );
    expect(bad.status).toBe(400);
    expect((await readJson<ProblemBody>(bad)).errors[0]?.path).toBe('body.events.0.value');

    const res = await h.call(`${base}/${test.id}/analysis`, { key: viewer });
    expect(res.status, await res.clone().text()).toBe(200);
    const report = await readJson<{
      analysis: {
        srm: { flagged: boolean };
        metrics: {
          name: string;
          cuped: boolean;
          variants: {
            units: number;
            mean: number;
            relative: { estimate: number | null; ci: [number, number] | null };
            chanceToWin: number | null;
          }[];
        }[];
      };
      exposuresByDay: { units: number }[];
      series: { metric: string; variant: number; ci: [number, number] | null }[];
    }>(res);
    const n = [0, 1].map((v) => assignments.filter((a) => a.variant === v).length);
    const converted = report.analysis.metrics.find((m) => m.name === 'converted');
    expect(converted?.variants.map((v) => v.units)).toEqual(n);
    const buyers = [0, 1].map(
      (v) => assignments.filter((a, i) => a.variant === v && i % (v === 1 ? 3 : 4) === 0).length,
    );
    expect(converted?.variants[0]?.mean).toBeCloseTo((buyers[0] as number) / (n[0] as number), 12);
    expect(converted?.variants[1]?.relative.ci).not.toBeNull();
    expect(report.analysis.metrics.find((m) => m.name === 'revenue')?.cuped).toBe(true);
    // The ratio's numerator events carried `pre`: CUPED of a ratio.
    expect(report.analysis.metrics.find((m) => m.name === 'per-session')?.cuped).toBe(true);
    expect(report.exposuresByDay.reduce((s, d) => s + d.units, 0)).toBe(400);
    expect(report.series.filter((p) => p.metric === 'converted').length).toBeGreaterThanOrEqual(1);

    const bayes = await h.call(`${base}/${test.id}/analysis?method=bayesian&cuped=false`);
    const b = await readJson<typeof report>(bayes);
    expect(b.analysis.metrics[0]?.variants[1]?.chanceToWin).toBeGreaterThan(0);
    const badQuery = await h.call(`${base}/${test.id}/analysis?days=0`);
    expect(badQuery.status).toBe(400);
  });

  it('refuses a winner on a sample-ratio mismatch unless an admin overrides; serves the decision', async () => {
    const test = await readJson<AbTest>(await create(spec('srm', { start: true })));
    // Broken logging: three in four recorded units say control, where the split is 50/50.
    await h.registry.abTests.assign(
      test.id,
      Array.from({ length: 2000 }, (_, i) => ({ unitId: `s-${i}`, variant: i % 4 === 0 ? 1 : 0 })),
    );
    const stop = (body: unknown, key?: string) =>
      h.call(`${base}/${test.id}/stop`, { ...json(body), ...(key ? { key } : {}) });
    const unknown = await stop({ winner: 'nobody' });
    expect(unknown.status).toBe(400);
    expect((await readJson<ProblemBody>(unknown)).detail).toMatch(/No variant 'nobody'/);
    const refused = await stop({ winner: 'treatment' }, editor);
    expect(refused.status).toBe(409);
    expect((await readJson<ProblemBody>(refused)).detail).toMatch(/sample-ratio mismatch/);
    const notAdmin = await stop(
      { winner: 'treatment', override: { reason: 'known logging gap' } },
      editor,
    );
    expect(notAdmin.status).toBe(403);
    const decided = await stop({ winner: 'treatment', override: { reason: 'known logging gap' } });
    expect(decided.status, await decided.clone().text()).toBe(200);
    const body = await readJson<{ abTest: AbTest; gate: unknown }>(decided);
    expect(body.gate).toBeNull(); // no alias on the test: nothing to gate
    expect(body.abTest.decision).toMatchObject({
      winner: 1,
      version: 2,
      override: { reason: 'known logging gap' },
    });
    expect(body.abTest.decision?.report).toMatchObject({ srm: { flagged: true } });
    const served = await readJson<{ assignments: Assignment[] }>(
      await assign(test.id, ['s-0', 'someone-new']),
    );
    expect(served.assignments.map((a) => [a.variant, a.version, a.first])).toEqual([
      [1, 2, false],
      [1, 2, false],
    ]);
    expect((await stop({ winner: null })).status).toBe(409);
  });

  it('stops with a winner: the gate runs on its version with the A/B report, the alias move cites it', async () => {
    const stored = await h.call('/v1/projects/default/datasets?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: csv,
    });
    const datasetId = (await readJson<{ id: string }>(stored)).id;
    const policy = await h.call(`${model}/aliases/production/gate-policy`, {
      ...json({
        datasetId,
        target: 'diagnosis',
        checks: [{ kind: 'threshold', metric: 'accuracy', op: '>=', value: 0.8 }],
      }),
      method: 'PUT',
    });
    expect(policy.status, await policy.clone().text()).toBe(200);
    const test = await readJson<AbTest>(
      await create(spec('gated', { start: true, alias: 'production' })),
    );
    await assign(
      test.id,
      Array.from({ length: 300 }, (_, i) => `g-${i}`),
    );
    const res = await h.call(`${base}/${test.id}/stop`, {
      ...json({ winner: 'treatment', reason: 'lift' }),
      key: editor,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const { gate } = await readJson<{
      gate: { report: { id: string; passed: boolean; evidence: Record<string, unknown> } | null };
    }>(res);
    expect(gate.report?.passed).toBe(true);
    expect(gate.report?.evidence).toMatchObject({
      kind: 'abTest',
      abTestId: test.id,
      datasetId,
      report: { abTest: 'gated', winner: 'treatment' },
    });
    const moved = await h.call(`${model}/aliases/production`, {
      ...json({ version: 2 }),
      method: 'PUT',
      key: editor,
    });
    expect(moved.status, await moved.clone().text()).toBe(200);
    const why = await readJson(await h.call(`${model}/aliases/production/why?version=2`));
    expect(why).toMatchObject({
      event: { toVersion: 2, gateReportId: gate.report?.id },
      gateReport: { evidence: { kind: 'abTest', abTestId: test.id } },
    });
  });

  it('runs the winner’s gate as a job when asked; the job’s report carries the A/B evidence', async () => {
    const test = await readJson<AbTest>(
      await create(spec('gated-job', { start: true, alias: 'production' })),
    );
    await assign(
      test.id,
      Array.from({ length: 100 }, (_, i) => `j-${i}`),
    );
    const res = await h.call(`${base}/${test.id}/stop`, json({ winner: 'treatment', async: true }));
    expect(res.status, await res.clone().text()).toBe(200);
    const { gate } = await readJson<{ gate: { report: unknown; job: { id: string } | null } }>(res);
    expect(gate.report).toBeNull();
    let job: { status: string; result: { gateReportId?: string } | null } | undefined;
    for (let i = 0; i < 200; i += 1) {
      job = await readJson(await h.call(`/v1/projects/default/jobs/${gate.job?.id}`));
      if (job?.status === 'succeeded' || job?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job?.status, JSON.stringify(job)).toBe('succeeded');
    const report = await readJson<{ evidence: Record<string, unknown> }>(
      await h.call(`/v1/projects/default/gate-reports/${job?.result?.gateReportId}`),
    );
    expect(report.evidence).toMatchObject({
      kind: 'abTest',
      abTestId: test.id,
      report: { abTest: 'gated-job' },
    });
  });

  it('reassign forgets exposures: units are hashed anew under the new weights', async () => {
    const test = await readJson<AbTest>(
      await create(spec('reassigned', { start: true, salt: 's2' })),
    );
    const units = Array.from({ length: 50 }, (_, i) => `r-${i}`);
    await assign(test.id, units);
    const patched = await h.call(`${base}/${test.id}`, {
      ...json({ weights: [0, 1], reassign: true }),
      method: 'PATCH',
    });
    expect(patched.status).toBe(200);
    const after = (await readJson<{ assignments: Assignment[] }>(await assign(test.id, units)))
      .assignments;
    expect(after.every((a) => a.variant === 1 && a.first)).toBe(true);
  });
});
