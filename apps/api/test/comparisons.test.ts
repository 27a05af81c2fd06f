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

// As in gates.test.ts: scikit-learn's LogisticRegression on breast_cancer.csv (v1, v3) and a
// worse copy with a shifted intercept (v2).
const GOOD = {
  type: 'logistic',
  coef: [0.986574, 0.215202, 0.800123, 3.370235],
  intercept: -19.273904,
  classes: ['benign', 'malignant'],
  featureNames: ['mean_radius', 'mean_texture', 'mean_smoothness', 'worst_concave_points'],
};
const WORSE = { ...GOOD, intercept: -25 };
const csv = readFileSync(
  fileURLToPath(new URL('../../../fixtures/datasets/breast_cancer.csv', import.meta.url)),
  'utf8',
);

interface ComparedMetric {
  metric: string;
  candidate: number;
  baseline: number;
  delta: number;
  higherIsBetter: boolean;
  interval: { low: number; high: number } | null;
  test: { name: string; pValue: number } | null;
  significantlyWorse: boolean | null;
}
interface Comparison {
  id: string;
  candidateVersion: number;
  baselineVersion: number;
  baselineAlias: string | null;
  report: { n: number; metrics: ComparedMetric[] };
}

describe('comparison reports and relative gate checks', () => {
  let h: Harness;
  let viewer: string;
  let datasetId: string;
  const base = '/v1/projects/default/models/cancer';
  const compare = (body: Record<string, unknown>, key?: string) =>
    h.call('/v1/projects/default/comparisons', {
      ...json({
        model: 'cancer',
        datasetId,
        target: 'diagnosis',
        metrics: [{ name: 'accuracy' }, { name: 'rocAuc' }],
        confidence: { nResamples: 200, seed: 1 },
        ...body,
      }),
      ...(key ? { key } : {}),
    });

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
    datasetId = (await readJson<{ id: string }>(stored)).id;
    const project = await h.registry.projects.getByName('default');
    viewer = (await h.registry.apiKeys.create({ projectId: project?.id as string, role: 'viewer' }))
      .key;
    const promote = await h.call(`${base}/aliases/production`, {
      ...json({ version: 1 }),
      method: 'PUT',
    });
    expect(promote.status).toBe(200);
  });
  afterAll(() => h?.close());

  it('compares a candidate with the holder of an alias on the same rows, and stores it', async () => {
    const res = await compare({ candidate: { version: 2 }, baseline: { alias: 'production' } });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(res.headers.get('location')).toMatch(/^\/v1\/projects\/default\/comparisons\//);
    const comparison = await readJson<Comparison>(res);
    expect(comparison).toMatchObject({
      candidateVersion: 2,
      baselineVersion: 1,
      baselineAlias: 'production',
    });
    expect(comparison.report.n).toBe(569);
    const accuracy = comparison.report.metrics.find((m) => m.metric === 'accuracy');
    expect(accuracy?.delta).toBeLessThan(0);
    expect(accuracy?.test?.name).toBe('mcnemar');
    expect(accuracy?.significantlyWorse).toBe(true);
    const auc = comparison.report.metrics.find((m) => m.metric === 'rocAuc');
    // Shifting the intercept keeps the ranking: the same AUC, and DeLong's z undefined (said so).
    expect(auc).toMatchObject({ delta: 0, test: null, significantlyWorse: null });
    const got = await h.call(`/v1/projects/default/comparisons/${comparison.id}`, { key: viewer });
    expect(await readJson(got)).toEqual(comparison);
    const list = await h.call(`${base}/comparisons`, { key: viewer });
    expect((await readJson<{ items: Comparison[] }>(list)).items.map((c) => c.id)).toEqual([
      comparison.id,
    ]);
  });

  it('answers 400s naming the field, 404s for what does not exist, 403 for a viewer', async () => {
    const both = await compare({
      candidate: { version: 2 },
      baseline: { version: 1, alias: 'production' },
    });
    expect(both.status).toBe(400);
    const noMetrics = await compare({
      candidate: { version: 2 },
      baseline: { version: 1 },
      metrics: [],
    });
    expect(noMetrics.status).toBe(400);
    expect((await readJson<ProblemBody>(noMetrics)).errors[0]?.path).toBe('body.metrics');
    const alpha = await compare({ candidate: { version: 2 }, baseline: { version: 1 }, alpha: 2 });
    expect(alpha.status).toBe(400);
    expect((await readJson<ProblemBody>(alpha)).errors[0]?.path).toBe('body.alpha');
    const missing = await compare({ candidate: { version: 9 }, baseline: { version: 1 } });
    expect(missing.status).toBe(404);
    const alias = await compare({ candidate: { version: 2 }, baseline: { alias: 'staging' } });
    expect(alias.status).toBe(404);
    const byViewer = await compare({ candidate: { version: 2 }, baseline: { version: 1 } }, viewer);
    expect(byViewer.status).toBe(403);
    expect((await h.call('/v1/projects/default/comparisons/nope')).status).toBe(400);
  });

  it('runs as a job with async: true; the job names the comparison', async () => {
    const res = await compare({ candidate: { version: 3 }, baseline: { version: 1 }, async: true });
    expect(res.status).toBe(202);
    const job = await readJson<{ id: string }>(res);
    let body: { status: string; result: { comparisonId?: string } | null } | undefined;
    for (let i = 0; i < 200; i += 1) {
      body = await readJson(await h.call(`/v1/projects/default/jobs/${job.id}`));
      if (body?.status === 'succeeded' || body?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(body?.status, JSON.stringify(body)).toBe('succeeded');
    const got = await h.call(`/v1/projects/default/comparisons/${body?.result?.comparisonId}`);
    const comparison = await readJson<Comparison>(got);
    expect(comparison.report.metrics.find((m) => m.metric === 'accuracy')?.delta).toBe(0);
  });

  it('a relative check holds the candidate to the holder: margin and the paired test', async () => {
    const policy = await h.call(`${base}/aliases/production/gate-policy`, {
      ...json({
        datasetId,
        target: 'diagnosis',
        alpha: 0.05,
        confidence: { nResamples: 200, seed: 2 },
        checks: [
          { kind: 'relative', metric: 'accuracy', margin: 0.01, notSignificantlyWorse: true },
        ],
      }),
      method: 'PUT',
    });
    expect(policy.status, await policy.clone().text()).toBe(200);
    const gate = async (version: number) => {
      const res = await h.call(`${base}/aliases/production/gate-runs`, json({ version }));
      expect(res.status, await res.clone().text()).toBe(201);
      return readJson<{
        passed: boolean;
        comparisonId: string | null;
        checks: { passed: boolean; reason: string; details?: { test?: { name: string } } }[];
      }>(res);
    };
    const worse = await gate(2);
    expect(worse.passed).toBe(false);
    expect(worse.checks[0]?.reason).toMatch(
      /beyond the margin 0\.01.*mcnemar p = .*significantly worse/,
    );
    expect(worse.checks[0]?.details?.test?.name).toBe('mcnemar');
    expect(worse.comparisonId).not.toBeNull();
    const same = await gate(3);
    expect(same.passed, JSON.stringify(same.checks)).toBe(true);
    expect(same.checks[0]?.reason).toMatch(/within the margin/);
    // The holder itself passes without a comparison.
    const holder = await gate(1);
    expect(holder).toMatchObject({ passed: true, comparisonId: null });
  });
});
