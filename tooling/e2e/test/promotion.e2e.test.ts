import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { repoRoot } from './support/paths.js';
import { type RunningApi, startApi } from './support/processes.js';

// scikit-learn 1.2.1 LogisticRegression on four columns of breast_cancer.csv: v1 holds
// production; v2 shifts the intercept (nearly everything benign); v3, the candidate, is v1 retrained
// with slightly different weights.
const FEATURES = ['mean_radius', 'mean_texture', 'mean_smoothness', 'worst_concave_points'];
const GOOD = {
  type: 'logistic',
  coef: [0.986574, 0.215202, 0.800123, 3.370235],
  intercept: -19.273904,
  classes: ['benign', 'malignant'],
  featureNames: FEATURES,
};
const WORSE = { ...GOOD, intercept: -25 };
const CANDIDATE = { ...GOOD, coef: [0.99, 0.214, 0.8, 3.4] };

/**
 * Safe promotion through every step, on each database (issue 13's "done when"): a shadow test of
 * the candidate on `production` with live predictions and late labels, its report, a comparison
 * on a reference dataset, the gate policy, a guarded move refused, the gate started from the
 * shadow test in one call, the move allowed, an admin's override with its reason, and the ledger
 * answering why each version held the alias.
 */
describe.each(BACKENDS)('shadow → comparison → gate → alias on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;
  let datasetId: string;
  const rows: Record<string, number>[] = [];
  const truth: string[] = [];
  const base = () => `${api.url}/v1/projects/default/models/credit`;
  const call = async (path: string, method: string, body?: unknown) => {
    const res = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${api.firstKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : JSON.parse(text), text };
  };

  beforeAll(async () => {
    backend = await createBackend(backendName);
    api = await startApi({
      ...backend.env,
      ASSAY_PREDICTION_LOG_FLUSH_MS: '20',
      // Counted copies must not depend on the machine's other work: at the default (lowest)
      // priority a busy machine can leave the shadow thread no CPU, and its copies are shed.
      ASSAY_SHADOW_THREAD_NICE: '0',
    });
    expect(
      (await call(`${api.url}/v1/projects/default/models`, 'POST', { name: 'credit' })).status,
    ).toBe(201);
    for (const spec of [GOOD, WORSE, CANDIDATE]) {
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
    const csv = readFileSync(join(repoRoot, 'fixtures/datasets/breast_cancer.csv'));
    const dataset = await fetch(`${api.url}/v1/projects/default/datasets?format=csv`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.firstKey}`,
        'content-type': 'application/octet-stream',
      },
      body: csv,
    });
    expect(dataset.status, await dataset.clone().text()).toBe(201);
    datasetId = ((await dataset.json()) as { id: string }).id;
    // Live traffic: 40 rows of the same table, sent one request each.
    const [header, ...lines] = csv.toString('utf8').trim().split('\n');
    const columns = (header as string).split(',');
    for (const line of lines.slice(0, 40)) {
      const cells = line.split(',');
      rows.push(Object.fromEntries(FEATURES.map((f) => [f, Number(cells[columns.indexOf(f)])])));
      truth.push(cells[columns.indexOf('diagnosis')] as string);
    }
    expect((await call(`${base()}/aliases/production`, 'PUT', { version: 1 })).status).toBe(200);
  });

  afterAll(async () => {
    await api?.stop();
    await backend?.dispose();
  });

  it('walks every step and the ledger says why each version held production', async () => {
    // 1. Shadow: v3 answers a copy of every prediction through production, off the request path.
    const shadow = await call(`${base()}/aliases/production/shadow-tests`, 'POST', {
      candidate: { version: 3 },
      sampleFraction: 1,
      maxRequests: 1000,
    });
    expect(shadow.status, shadow.text).toBe(201);
    const testId = shadow.body.id as string;
    const requestIds: string[] = [];
    for (const row of rows) {
      const answer = await call(`${base()}/predict`, 'POST', { alias: 'production', rows: [row] });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.version).toBe(1); // the holder answers
      requestIds.push(answer.body.requestId);
    }
    const labels = await call(`${base()}/labels`, 'POST', {
      labels: requestIds.map((requestId, i) => ({ requestId, label: truth[i] })),
    });
    expect(labels.body).toEqual({ received: 40, stored: 40, unchanged: 0 });
    // The log is written in batches: wait until every mirrored pair and label is in the report.
    let report: {
      candidate: { ok: number };
      agreement: { rate: number };
      labelled: { rows: number };
    } = { candidate: { ok: 0 }, agreement: { rate: 0 }, labelled: { rows: 0 } };
    for (let i = 0; i < 100 && report.labelled.rows < 40; i += 1) {
      report = (await call(`${base()}/shadow-tests/${testId}/report`, 'GET')).body;
      if (report.labelled.rows < 40) await new Promise((r) => setTimeout(r, 100));
    }
    expect(report.candidate.ok).toBe(40);
    expect(report.labelled.rows).toBe(40);
    expect(report.agreement.rate).toBeGreaterThan(0.9);

    // 2. Comparison of the candidate with production's holder on the reference dataset.
    const compared = await call(`${api.url}/v1/projects/default/comparisons`, 'POST', {
      model: 'credit',
      candidate: { version: 3 },
      baseline: { alias: 'production' },
      datasetId,
      target: 'diagnosis',
      metrics: [{ name: 'accuracy' }, { name: 'rocAuc', params: { posLabel: 'malignant' } }],
      confidence: { nResamples: 200, seed: 3 },
    });
    expect(compared.status, compared.text).toBe(201);
    expect(compared.body.baselineVersion).toBe(1);
    const accuracy = compared.body.report.metrics.find(
      (m: { metric: string }) => m.metric === 'accuracy',
    );
    expect(accuracy.test.name).toBe('mcnemar');
    expect(accuracy.significantlyWorse).toBe(false);

    // 3. The gate guarding production.
    const policy = await call(`${base()}/aliases/production/gate-policy`, 'PUT', {
      datasetId,
      target: 'diagnosis',
      confidence: { nResamples: 200, seed: 3 },
      checks: [
        { kind: 'threshold', metric: 'accuracy', op: '>=', value: 0.85 },
        { kind: 'relative', metric: 'accuracy', margin: 0.01, notSignificantlyWorse: true },
        { kind: 'artifact-size', maxBytes: 1_000_000 },
      ],
    });
    expect(policy.status, policy.text).toBe(200);

    // 4. A guarded move without a passing report is refused.
    const early = await call(`${base()}/aliases/production`, 'PUT', { version: 3 });
    expect(early.status).toBe(409);

    // 5. One call from the shadow test to the gate: its candidate under production's policy.
    const gated = await call(`${base()}/shadow-tests/${testId}/gate-runs`, 'POST', {});
    expect(gated.status, gated.text).toBe(201);
    expect(gated.body.passed).toBe(true);
    expect(gated.body.evidence).toMatchObject({ kind: 'shadow', shadowTestId: testId, datasetId });
    expect(gated.body.evidence.live.labelled.rows).toBe(40);
    expect(gated.body.evidence.live.requests).toBe(40);

    // 6. Now the move is allowed, and the ledger records the report.
    const moved = await call(`${base()}/aliases/production`, 'PUT', {
      version: 3,
      reason: 'passed the gate after a shadow test',
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.version).toBe(3);

    // 7. The worse version: refused, then an admin's override with its reason.
    const refused = await call(`${base()}/aliases/production`, 'PUT', { version: 2 });
    expect(refused.status).toBe(409);
    const overridden = await call(`${base()}/aliases/production`, 'PUT', {
      version: 2,
      override: { reason: 'incident 42: roll to the conservative model now' },
    });
    expect(overridden.status, overridden.text).toBe(200);

    // 8. Why did each version hold production? One request each.
    const why3 = await call(`${base()}/aliases/production/why?version=3`, 'GET');
    expect(why3.status, why3.text).toBe(200);
    expect(why3.body.holdsNow).toBe(false);
    expect(why3.body.event.gateReportId).toBe(gated.body.id);
    expect(why3.body.gateReport.evidence.shadowTestId).toBe(testId);
    const why2 = await call(`${base()}/aliases/production/why?version=2`, 'GET');
    expect(why2.body.holdsNow).toBe(true);
    expect(why2.body.event.overrideReason).toBe('incident 42: roll to the conservative model now');
    expect(why2.body.gateReport).toBeNull();

    // A shadow test of another alias cannot gate production's candidate.
    const wrong = await call(`${base()}/aliases/production/gate-runs`, 'POST', {
      version: 2,
      evidence: { kind: 'shadow', shadowTestId: testId },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toMatch(/shadows version 3, not version 2/);
  });
});
