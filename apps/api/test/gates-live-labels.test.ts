import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, readJson, registerSpecVersion, startHarness } from './harness.js';

// scikit-learn 1.2.1 LogisticRegression on four columns of breast_cancer.csv (as in
// gates.test.ts): version 1 holds production; version 2 is it retrained with slightly different
// weights, as good on the reference dataset.
const FEATURES = ['mean_radius', 'mean_texture', 'mean_smoothness', 'worst_concave_points'];
const HOLDER = {
  type: 'logistic',
  coef: [0.986574, 0.215202, 0.800123, 3.370235],
  intercept: -19.273904,
  classes: ['benign', 'malignant'],
  featureNames: FEATURES,
};
const CANDIDATE = { ...HOLDER, coef: [0.99, 0.214, 0.8, 3.4] };
const csv = readFileSync(
  fileURLToPath(new URL('../../../fixtures/datasets/breast_cancer.csv', import.meta.url)),
  'utf8',
);

/** The worst_concave_points at which a model's logit crosses 0 for the other features fixed. */
const boundary = (spec: typeof HOLDER, r: number, t: number, s: number) =>
  -(
    spec.intercept +
    (spec.coef[0] as number) * r +
    (spec.coef[1] as number) * t +
    (spec.coef[2] as number) * s
  ) / (spec.coef[3] as number);

interface Check {
  kind: string;
  passed: boolean;
  reason: string;
  details?: { live?: { rows: number; passed: boolean; significantlyWorse: boolean | null } };
}
interface Report {
  id: string;
  passed: boolean;
  checks: Check[];
  evidence: { kind: string; live: { labelled: { rows: number } } };
}

/**
 * Relative checks judge live labels too (issue 13): a gate started from a shadow test whose
 * requests have labels holds each relative check on the labelled rows (candidate vs the holder
 * that answered them) as well as on the reference dataset, and fails when live traffic shows the
 * candidate worse, even though the reference dataset does not.
 */
describe('relative gate checks on a shadow test’s live labels', () => {
  let h: Harness;
  const base = '/v1/projects/default/models/cancer';
  const put = (path: string, body: unknown) => h.call(path, { ...json(body), method: 'PUT' });

  beforeAll(async () => {
    h = await startHarness({
      ASSAY_PREDICTION_LOG_FLUSH_MS: '20',
      // Every copy must be mirrored whatever the machine's other work: at the default (lowest)
      // priority a busy machine can leave the shadow thread no CPU, and its copies are shed.
      ASSAY_SHADOW_THREAD_NICE: '0',
    });
    await registerSpecVersion(h, 'cancer', HOLDER);
    const upload = await h.call(`${base}/versions?format=json`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: JSON.stringify(CANDIDATE),
    });
    expect(upload.status).toBe(201);
    const stored = await h.call('/v1/projects/default/datasets?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: csv,
    });
    expect(stored.status).toBe(201);
    const datasetId = (await readJson<{ id: string }>(stored)).id;
    expect((await put(`${base}/aliases/production`, { version: 1 })).status).toBe(200);
    const policy = await put(`${base}/aliases/production/gate-policy`, {
      datasetId,
      target: 'diagnosis',
      confidence: { nResamples: 200, seed: 3 },
      checks: [
        { kind: 'threshold', metric: 'accuracy', op: '>=', value: 0.85 },
        { kind: 'relative', metric: 'accuracy', margin: 0.01, notSignificantlyWorse: true },
      ],
    });
    expect(policy.status, await policy.clone().text()).toBe(200);
  });
  afterAll(() => h?.close());

  it('passes on the reference dataset alone, then fails once live labels show the candidate worse', async () => {
    const started = await h.call(
      `${base}/aliases/production/shadow-tests`,
      json({ candidate: { version: 2 }, sampleFraction: 1, maxRequests: 1000 }),
    );
    expect(started.status).toBe(201);
    const testId = (await readJson<{ id: string }>(started)).id;
    const gate = async () => {
      const res = await h.call(`${base}/shadow-tests/${testId}/gate-runs`, json({}));
      expect(res.status, await res.clone().text()).toBe(201);
      return readJson<Report>(res);
    };

    // No labels yet: the relative check is the reference dataset's, which the candidate passes.
    const before = await gate();
    expect(before.passed, JSON.stringify(before.checks)).toBe(true);
    const relativeBefore = before.checks.find((c) => c.kind === 'relative');
    expect(relativeBefore?.details?.live).toBeUndefined();
    expect(relativeBefore?.reason).not.toMatch(/live/);

    // Live traffic: 20 rows between the two models' decision boundaries (the holder says benign,
    // the candidate malignant) and 10 both call benign; every label is benign.
    const [r, t, s] = [14, 20, 0.1];
    const wc = boundary(CANDIDATE, r, t, s);
    const wh = boundary(HOLDER, r, t, s);
    expect(wc).toBeLessThan(wh);
    const points = [
      ...Array.from({ length: 20 }, (_, k) => wc + ((wh - wc) * (k + 1)) / 21),
      ...Array.from({ length: 10 }, (_, k) => 0.05 + k * 0.01),
    ];
    const requestIds: string[] = [];
    for (const w of points) {
      const row = { mean_radius: r, mean_texture: t, mean_smoothness: s, worst_concave_points: w };
      const res = await h.call(`${base}/predict`, json({ alias: 'production', rows: [row] }));
      const body = await readJson<{ requestId: string; predicted: string[] }>(res);
      expect(body.predicted).toEqual(['benign']);
      requestIds.push(body.requestId);
    }
    const labels = await h.call(
      `${base}/labels`,
      json({ labels: requestIds.map((requestId) => ({ requestId, label: 'benign' })) }),
    );
    expect(await readJson(labels)).toEqual({ received: 30, stored: 30, unchanged: 0 });
    for (let i = 0; i < 200; i += 1) {
      const report = await readJson<{ labelled: { rows: number } }>(
        await h.call(`${base}/shadow-tests/${testId}/report`),
      );
      if (report.labelled.rows === 30) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    const after = await gate();
    expect(after.evidence.live.labelled.rows).toBe(30);
    expect(after.passed).toBe(false);
    expect(after.checks.find((c) => c.kind === 'threshold')?.passed).toBe(true);
    const relative = after.checks.find((c) => c.kind === 'relative') as Check;
    expect(relative.passed).toBe(false);
    // Live: the holder is right on all 30 rows, the candidate on 10 (20 discordant pairs, all
    // against it: McNemar's exact p = 2 · 0.5^20).
    expect(relative.details?.live).toMatchObject({
      rows: 30,
      passed: false,
      significantlyWorse: true,
    });
    expect(relative.reason).toMatch(
      /on 30 live labelled rows of the shadow test, 0\.333333 vs the holder's 1 \(delta -0\.666667\): beyond the margin 0\.01 \(≥ 0\.99\); mcnemar p = 0\.00000190735: significantly worse at α = 0\.05$/,
    );
    // The report that says so cannot move production.
    const refused = await put(`${base}/aliases/production`, { version: 2 });
    expect(refused.status).toBe(409);
  });
});
