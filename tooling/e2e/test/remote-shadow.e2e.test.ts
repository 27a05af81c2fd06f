import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { repoRoot } from './support/paths.js';
import { type RunningApi, startApi } from './support/processes.js';

// scikit-learn 1.2.1 LogisticRegression on four columns of breast_cancer.csv (as in
// promotion.e2e): v1, a JSON spec, holds production.
const FEATURES = ['mean_radius', 'mean_texture', 'mean_smoothness', 'worst_concave_points'];
const COEF = [0.986574, 0.215202, 0.800123, 3.370235];
const INTERCEPT = -19.273904;
const HOLDER = {
  type: 'logistic',
  coef: COEF,
  intercept: INTERCEPT,
  classes: ['benign', 'malignant'],
  featureNames: FEATURES,
};

/**
 * A KServe v2 server with two models: `retrained`, the same logistic model with slightly
 * different weights (as good as the holder), and `inverted`, which answers 1 − p (nearly always
 * wrong). Both answer P(malignant) for each row of the FP64 input tensor.
 */
function kserve(): { server: Server; calls: Map<string, number>; sockets: Set<Socket> } {
  const calls = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const name = /^\/v2\/models\/([a-z]+)\/infer$/.exec(req.url ?? '')?.[1];
      if (name !== 'retrained' && name !== 'inverted') {
        res.writeHead(404);
        res.end();
        return;
      }
      calls.set(name, (calls.get(name) ?? 0) + 1);
      const input = (JSON.parse(raw) as { inputs: { shape: number[]; data: number[] }[] })
        .inputs[0] as { shape: number[]; data: number[] };
      const [rows, width] = input.shape as [number, number];
      const coef = name === 'retrained' ? [0.99, 0.214, 0.8, 3.4] : COEF;
      const data = Array.from({ length: rows }, (_, i) => {
        let z = INTERCEPT;
        for (let j = 0; j < width; j += 1)
          z += (coef[j] as number) * (input.data[i * width + j] as number);
        const p = 1 / (1 + Math.exp(-z));
        return name === 'inverted' ? 1 - p : p;
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ outputs: [{ name: 'p', shape: [rows, 1], datatype: 'FP64', data }] }),
      );
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return { server, calls, sockets };
}

/**
 * A staging test end to end (issue 13's "a remote endpoint can be shadowed and gated like a
 * registered version"), on each database: two KServe v2 endpoints registered as remote versions
 * of the model, each the candidate of a shadow test on `production` with live predictions and
 * labels, each gated from its shadow test in one call; the endpoint that answers wrongly fails the
 * gate and its move is refused, the good one passes and its move is allowed, and the ledger's
 * answer to "why does it hold production?" cites the gate report built on its shadow test.
 */
describe.each(BACKENDS)(
  'a remote endpoint shadowed and gated on the %s database',
  (backendName) => {
    let backend: Backend;
    let api: RunningApi;
    let stub: ReturnType<typeof kserve>;
    let stubUrl: string;
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
    const upload = async (format: 'json' | 'remote', artifact: unknown) => {
      const res = await fetch(`${base()}/versions?format=${format}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${api.firstKey}`,
          'content-type': 'application/octet-stream',
        },
        body: JSON.stringify(artifact),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return ((await res.json()) as { number: number }).number;
    };
    const remote = (modelName: string) => ({
      url: stubUrl,
      protocol: 'kserve-v2',
      modelName,
      nFeatures: FEATURES.length,
      featureNames: FEATURES,
      output: { kind: 'probability', classes: ['benign', 'malignant'] },
      datatype: 'FP64',
      timeoutMs: 5000,
    });

    /** A shadow test of `version` on production with every row sent and labelled; its report. */
    const shadowWithLabels = async (version: number) => {
      const started = await call(`${base()}/aliases/production/shadow-tests`, 'POST', {
        candidate: { version },
        sampleFraction: 1,
        maxRequests: 1000,
      });
      expect(started.status, started.text).toBe(201);
      const testId = started.body.id as string;
      const requestIds: string[] = [];
      for (const row of rows) {
        const answer = await call(`${base()}/predict`, 'POST', {
          alias: 'production',
          rows: [row],
        });
        expect(answer.status, answer.text).toBe(200);
        expect(answer.body.version).toBe(1); // the holder answers, never the endpoint
        requestIds.push(answer.body.requestId);
      }
      const labels = await call(`${base()}/labels`, 'POST', {
        labels: requestIds.map((requestId, i) => ({ requestId, label: truth[i] })),
      });
      expect(labels.body).toMatchObject({ received: rows.length, stored: rows.length });
      let report = { candidate: { ok: 0 }, agreement: { rate: 0 }, labelled: { rows: 0 } };
      for (let i = 0; i < 100 && report.labelled.rows < rows.length; i += 1) {
        report = (await call(`${base()}/shadow-tests/${testId}/report`, 'GET')).body;
        if (report.labelled.rows < rows.length) await new Promise((r) => setTimeout(r, 100));
      }
      return { testId, report };
    };

    beforeAll(async () => {
      stub = kserve();
      await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
      stubUrl = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
      backend = await createBackend(backendName);
      api = await startApi({
        ...backend.env,
        ASSAY_PREDICTION_LOG_FLUSH_MS: '20',
        // Counted copies must not depend on the machine's other work: at the default (lowest)
        // priority a busy machine can leave the shadow thread no CPU, and its copies are shed.
        ASSAY_SHADOW_THREAD_NICE: '0',
        // The endpoint is on loopback, which the outbound policy refuses unless listed.
        ASSAY_REMOTE_ALLOWED_HOSTS: '127.0.0.1',
      });
      expect(
        (await call(`${api.url}/v1/projects/default/models`, 'POST', { name: 'credit' })).status,
      ).toBe(201);
      expect(await upload('json', HOLDER)).toBe(1);
      expect(await upload('remote', remote('inverted'))).toBe(2);
      expect(await upload('remote', remote('retrained'))).toBe(3);
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
      const [header, ...lines] = csv.toString('utf8').trim().split('\n');
      const columns = (header as string).split(',');
      for (const line of lines.slice(0, 30)) {
        const cells = line.split(',');
        rows.push(Object.fromEntries(FEATURES.map((f) => [f, Number(cells[columns.indexOf(f)])])));
        truth.push(cells[columns.indexOf('diagnosis')] as string);
      }
      expect((await call(`${base()}/aliases/production`, 'PUT', { version: 1 })).status).toBe(200);
      const policy = await call(`${base()}/aliases/production/gate-policy`, 'PUT', {
        datasetId,
        target: 'diagnosis',
        confidence: { nResamples: 200, seed: 3 },
        checks: [
          { kind: 'threshold', metric: 'accuracy', op: '>=', value: 0.85 },
          { kind: 'relative', metric: 'accuracy', margin: 0.01, notSignificantlyWorse: true },
          { kind: 'latency', percentile: 99, maxMs: 5000 },
        ],
      });
      expect(policy.status, policy.text).toBe(200);
    });

    afterAll(async () => {
      await api?.stop();
      await backend?.dispose();
      for (const socket of stub?.sockets ?? []) socket.destroy();
      await new Promise<void>((resolve) => (stub ? stub.server.close(() => resolve()) : resolve()));
    });

    it('an endpoint that answers wrongly fails its gate and cannot take production', async () => {
      const { testId, report } = await shadowWithLabels(2);
      expect(report.candidate.ok).toBe(rows.length);
      expect(report.labelled.rows).toBe(rows.length);
      expect(report.agreement.rate).toBeLessThan(0.5);
      expect(stub.calls.get('inverted')).toBeGreaterThanOrEqual(rows.length);

      const gated = await call(`${base()}/shadow-tests/${testId}/gate-runs`, 'POST', {});
      expect(gated.status, gated.text).toBe(201);
      expect(gated.body.candidateVersion).toBe(2);
      expect(gated.body.passed).toBe(false);
      expect(gated.body.evidence).toMatchObject({
        kind: 'shadow',
        shadowTestId: testId,
        datasetId,
      });
      const failing = (gated.body.checks as { label: string; passed: boolean }[])
        .filter((c) => !c.passed)
        .map((c) => c.label);
      expect(failing).toEqual(expect.arrayContaining([expect.stringMatching(/^accuracy >= 0.85/)]));

      const refused = await call(`${base()}/aliases/production`, 'PUT', { version: 2 });
      expect(refused.status, refused.text).toBe(409);
      expect(refused.text).toContain('accuracy');
      expect((await call(`${base()}/shadow-tests/${testId}/stop`, 'POST', {})).status).toBe(200);
    });

    it('an endpoint as good as the holder passes its gate from the shadow test and takes production; the ledger cites the shadow report', async () => {
      const { testId, report } = await shadowWithLabels(3);
      expect(report.candidate.ok).toBe(rows.length);
      expect(report.labelled.rows).toBe(rows.length);
      expect(report.agreement.rate).toBeGreaterThan(0.9);

      const early = await call(`${base()}/aliases/production`, 'PUT', { version: 3 });
      expect(early.status).toBe(409);

      const gated = await call(`${base()}/shadow-tests/${testId}/gate-runs`, 'POST', {});
      expect(gated.status, gated.text).toBe(201);
      expect(gated.body.candidateVersion).toBe(3);
      expect(gated.body.passed, gated.text).toBe(true);
      expect(gated.body.evidence).toMatchObject({
        kind: 'shadow',
        shadowTestId: testId,
        datasetId,
      });
      expect(gated.body.evidence.live.requests).toBe(rows.length);
      expect(gated.body.evidence.live.labelled.rows).toBe(rows.length);
      // The batch test called the endpoint too (the reference dataset's rows, in batches).
      expect(stub.calls.get('retrained')).toBeGreaterThan(rows.length);

      const moved = await call(`${base()}/aliases/production`, 'PUT', {
        version: 3,
        reason: 'the staging endpoint passed its gate',
      });
      expect(moved.status, moved.text).toBe(200);
      expect(moved.body.version).toBe(3);
      // Predictions through production are now the endpoint's.
      const answer = await call(`${base()}/predict`, 'POST', {
        alias: 'production',
        rows: [rows[0]],
      });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.version).toBe(3);

      const why = await call(`${base()}/aliases/production/why?version=3`, 'GET');
      expect(why.status, why.text).toBe(200);
      expect(why.body.holdsNow).toBe(true);
      expect(why.body.event.gateReportId).toBe(gated.body.id);
      expect(why.body.gateReport.evidence).toMatchObject({ kind: 'shadow', shadowTestId: testId });
      expect(why.body.gateReport.passed).toBe(true);
    });
  },
);
