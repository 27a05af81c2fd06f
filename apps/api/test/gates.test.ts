import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  json,
  type ProblemBody,
  readJson,
  registerSpecVersion,
  startHarness,
} from './harness.js';

// scikit-learn 1.2.1 LogisticRegression on four columns of breast_cancer.csv (as in
// checked-inputs.test.ts): version 1. Version 2 shifts the intercept so that it calls nearly
// everything benign (a worse model); version 3 is version 1 again (as good).
const GOOD = {
  type: 'logistic',
  coef: [0.986574, 0.215202, 0.800123, 3.370235],
  intercept: -19.273904,
  classes: ['benign', 'malignant'],
  featureNames: ['mean_radius', 'mean_texture', 'mean_smoothness', 'worst_concave_points'],
};
const WORSE = { ...GOOD, intercept: -25 };
const raw = readFileSync(
  fileURLToPath(new URL('../../../fixtures/datasets/breast_cancer.csv', import.meta.url)),
  'utf8',
).trim();
// A sensitive column for the fairness bound: texture above 20 or not.
const lines = raw.split('\n');
const texture = (lines[0] as string).split(',').indexOf('mean_texture');
const csv = [
  `${lines[0]},group`,
  ...lines.slice(1).map((l) => `${l},${Number(l.split(',')[texture]) > 20 ? 'a' : 'b'}`),
].join('\n');

interface GatePolicy {
  id: string;
  version: number;
  alpha: number;
}
interface GateCheck {
  kind: string;
  label: string;
  passed: boolean;
  observed: number | null;
  limit: number | null;
  reason: string;
}
interface GateReport {
  id: string;
  passed: boolean;
  policyVersion: number;
  candidateVersion: number;
  holderVersion: number | null;
  checks: GateCheck[];
  evaluationId: string | null;
  comparisonId: string | null;
}
type GateProblem = ProblemBody & {
  gate?: { policyVersion: number; gateReportId: string | null; failedChecks: GateCheck[] };
};

describe('gate policies guard alias moves', () => {
  let h: Harness;
  let editor: string;
  let viewer: string;
  let datasetId: string;
  const base = '/v1/projects/default/models/cancer';
  const put = (path: string, body: unknown, key?: string) =>
    h.call(path, { ...json(body), method: 'PUT', ...(key ? { key } : {}) });
  const policy = (checks: unknown[], extra: Record<string, unknown> = {}) => ({
    datasetId,
    target: 'diagnosis',
    checks,
    ...extra,
  });
  const runGate = async (version: number) => {
    const res = await h.call(`${base}/aliases/production/gate-runs`, json({ version }));
    expect(res.status, await res.clone().text()).toBe(201);
    return readJson<GateReport>(res);
  };

  beforeAll(async () => {
    h = await startHarness({ ASSAY_AUTH_CACHE_MS: '0' });
    await registerSpecVersion(h, 'cancer', GOOD);
    for (const spec of [WORSE, GOOD]) {
      const upload = await h.call(`${base}/versions?format=json`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: JSON.stringify(spec),
      });
      expect(upload.status).toBe(201);
    }
    const stored = await h.call('/v1/projects/default/datasets?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: csv,
    });
    expect(stored.status).toBe(201);
    datasetId = (await readJson<{ id: string }>(stored)).id;
    const project = await h.registry.projects.getByName('default');
    const projectId = project?.id as string;
    editor = (await h.registry.apiKeys.create({ projectId, role: 'editor' })).key;
    viewer = (await h.registry.apiKeys.create({ projectId, role: 'viewer' })).key;
    // Unguarded: an alias moves as before.
    expect((await put(`${base}/aliases/production`, { version: 1 })).status).toBe(200);
  });
  afterAll(() => h?.close());

  it('writes policy versions (admin only), each immutable; 400s name the bad field', async () => {
    const checks = [{ kind: 'threshold', metric: 'accuracy', op: '>=', value: 0.85 }];
    const byEditor = await put(`${base}/aliases/production/gate-policy`, policy(checks), editor);
    expect(byEditor.status).toBe(403);
    const bad = await put(
      `${base}/aliases/production/gate-policy`,
      policy([{ kind: 'threshold', metric: 'accuracy', op: '=>', value: 0.9 }]),
    );
    expect(bad.status).toBe(400);
    expect((await readJson<ProblemBody>(bad)).errors[0]?.path).toBe('body.checks.0.op');
    const twice = await put(
      `${base}/aliases/production/gate-policy`,
      policy([
        { kind: 'threshold', metric: 'f1', op: '>=', value: 0.8 },
        { kind: 'threshold', metric: 'f1', params: { posLabel: 'benign' }, op: '>=', value: 0.8 },
      ]),
    );
    expect(twice.status).toBe(400);
    expect((await readJson<ProblemBody>(twice)).errors[0]).toMatchObject({
      path: 'body.checks.1',
      message: expect.stringMatching(/f1 is checked twice/),
    });
    const empty = await put(`${base}/aliases/production/gate-policy`, policy([]));
    expect(empty.status).toBe(400);
    expect((await readJson<ProblemBody>(empty)).detail).toMatch(/at least one check/);
    const v1 = await put(`${base}/aliases/production/gate-policy`, policy(checks));
    expect(v1.status, await v1.clone().text()).toBe(200);
    expect(await readJson<GatePolicy>(v1)).toMatchObject({ version: 1, alpha: 0.05 });
    const v2 = await put(
      `${base}/aliases/production/gate-policy`,
      policy(
        [
          { kind: 'threshold', metric: 'accuracy', op: '>=', value: 0.85 },
          {
            kind: 'fairness',
            metric: 'demographicParityDifference',
            column: 'group',
            params: { posLabel: 'malignant' },
            max: 0.9,
          },
          { kind: 'latency', percentile: 95, maxMs: 5000, batchRows: 64 },
          { kind: 'artifact-size', maxBytes: 100_000 },
        ],
        { expectedVersion: 1 },
      ),
    );
    expect(v2.status, await v2.clone().text()).toBe(200);
    expect((await readJson<GatePolicy>(v2)).version).toBe(2);
    const stale = await put(
      `${base}/aliases/production/gate-policy`,
      policy(checks, { expectedVersion: 1 }),
    );
    expect(stale.status).toBe(409);
    const current = await h.call(`${base}/aliases/production/gate-policy`, { key: viewer });
    expect((await readJson<GatePolicy>(current)).version).toBe(2);
    const first = await h.call(`${base}/aliases/production/gate-policy?version=1`);
    expect((await readJson<GatePolicy>(first)).version).toBe(1);
    const all = await h.call(`${base}/gate-policies?alias=production`);
    expect((await readJson<{ items: GatePolicy[] }>(all)).items.map((p) => p.version)).toEqual([
      2, 1,
    ]);
    expect((await h.call(`${base}/aliases/staging/gate-policy`)).status).toBe(404);
  });

  it('refuses a move without a passing report (409 with the failing checks), allows it with one', async () => {
    const none = await put(`${base}/aliases/production`, { version: 2 }, editor);
    expect(none.status).toBe(409);
    const nothing = await readJson<GateProblem>(none);
    expect(nothing.detail).toMatch(/no gate report under policy version 2/);
    expect(nothing.gate).toMatchObject({ policyVersion: 2, gateReportId: null, failedChecks: [] });

    // A viewer may not run a gate.
    const byViewer = await h.call(`${base}/aliases/production/gate-runs`, {
      ...json({ version: 2 }),
      key: viewer,
    });
    expect(byViewer.status).toBe(403);

    const failing = await runGate(2);
    expect(failing).toMatchObject({
      passed: false,
      policyVersion: 2,
      candidateVersion: 2,
      holderVersion: 1,
    });
    const accuracy = failing.checks.find((c) => c.kind === 'threshold');
    expect(accuracy?.passed).toBe(false);
    expect(accuracy?.reason).toMatch(/^accuracy = 0\.\d+ does not meet >= 0\.85$/);
    expect(failing.checks.find((c) => c.kind === 'artifact-size')?.passed).toBe(true);
    expect(
      failing.checks.find((c) => c.kind === 'latency')?.passed,
      JSON.stringify(failing.checks),
    ).toBe(true);
    expect(failing.checks.find((c) => c.kind === 'fairness')).toMatchObject({ passed: true });
    expect(failing.evaluationId).not.toBeNull();

    const refused = await put(`${base}/aliases/production`, { version: 2 }, editor);
    expect(refused.status).toBe(409);
    const problem = await readJson<GateProblem>(refused);
    expect(problem.type).toMatch(/gate-refused$/);
    expect(problem.gate?.gateReportId).toBe(failing.id);
    expect(problem.gate?.failedChecks.map((c) => c.label)).toEqual(['accuracy >= 0.85']);

    const passing = await runGate(3);
    expect(passing.passed, JSON.stringify(passing.checks)).toBe(true);
    const stored = await h.call(`/v1/projects/default/gate-reports/${passing.id}`, { key: viewer });
    expect(await readJson<GateReport>(stored)).toEqual(passing);
    const moved = await put(`${base}/aliases/production`, { version: 3 }, editor);
    expect(moved.status, await moved.clone().text()).toBe(200);
    const why = await h.call(`${base}/aliases/production/why?version=3`, { key: viewer });
    expect(why.status).toBe(200);
    expect(await readJson(why)).toMatchObject({
      holdsNow: true,
      event: { toVersion: 3, gateReportId: passing.id, overrideReason: null },
      gateReport: { id: passing.id, passed: true },
    });
    const reports = await h.call(`${base}/gate-reports?alias=production&version=2`);
    expect((await readJson<{ items: GateReport[] }>(reports)).items.map((r) => r.id)).toEqual([
      failing.id,
    ]);
  });

  it('lets an admin override with a reason (an editor gets a 403); the ledger answers why', async () => {
    const byEditor = await put(
      `${base}/aliases/production`,
      { version: 2, override: { reason: 'incident 42' } },
      editor,
    );
    expect(byEditor.status).toBe(403);
    const noReason = await put(`${base}/aliases/production`, {
      version: 2,
      override: { reason: '' },
    });
    expect(noReason.status).toBe(400);
    expect((await readJson<ProblemBody>(noReason)).errors[0]?.path).toBe('body.override.reason');
    const overridden = await put(`${base}/aliases/production`, {
      version: 2,
      override: { reason: 'incident 42: roll forward' },
    });
    expect(overridden.status, await overridden.clone().text()).toBe(200);
    const why = await h.call(`${base}/aliases/production/why?version=2`);
    expect(await readJson(why)).toMatchObject({
      holdsNow: true,
      gateReport: null,
      event: { toVersion: 2, overrideReason: 'incident 42: roll forward', gateReportId: null },
    });
    const was = await h.call(`${base}/aliases/production/why?version=3`);
    expect(await readJson(was)).toMatchObject({ holdsNow: false });
    expect((await h.call(`${base}/aliases/production/why?version=9`)).status).toBe(404);
    expect((await h.call(`${base}/aliases/production/why?version=x`)).status).toBe(400);
  });

  it('runs a gate as a job with async: true; its result names the report', async () => {
    const res = await h.call(
      `${base}/aliases/production/gate-runs`,
      json({ version: 3, async: true }),
    );
    expect(res.status).toBe(202);
    const job = await readJson<{ id: string }>(res);
    let body: { status: string; result: { gateReportId?: string } | null } | undefined;
    for (let i = 0; i < 200; i += 1) {
      const got = await h.call(`/v1/projects/default/jobs/${job.id}`);
      body = await readJson(got);
      if (body?.status === 'succeeded' || body?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(body?.status, JSON.stringify(body)).toBe('succeeded');
    const report = await h.call(`/v1/projects/default/gate-reports/${body?.result?.gateReportId}`);
    expect(report.status).toBe(200);
    expect((await readJson<GateReport>(report)).passed).toBe(true);
  });
});
