import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  json,
  type ProblemBody,
  readJson,
  registerSpecVersion,
  startHarness,
} from './harness.js';
import { type ModelServer, startModelServer } from './model-server.js';

// Shadow and staging tests on live traffic (issue 13, item 3): predictions through an alias are
// answered by its holder; a copy goes to the candidate off the request path, and a candidate that
// throws, answers 500 or never answers changes nothing for the caller.

// Long enough that a copy is never shed for want of CPU when another test file runs beside this
// one (a shed copy is counted as dropped, not answered); the hanging endpoint's copies still end.
const TIMEOUT_MS = 3000;
const holder = { type: 'logistic', coef: [1, -1], intercept: 0, classes: ['no', 'yes'] };
const challenger = { type: 'logistic', coef: [1, -0.5], intercept: 0, classes: ['no', 'yes'] };
// Takes three features: every two-feature row makes it throw.
const broken = { type: 'logistic', coef: [1, 1, 1], intercept: 0, classes: ['no', 'yes'] };

/** A KServe-v2 endpoint: `sum` answers, `broken` answers 500, `hang` never answers. */
let endpoint: ModelServer;
function handler(req: IncomingMessage, res: ServerResponse): void {
  let raw = '';
  req.on('data', (chunk) => {
    raw += chunk;
  });
  req.on('end', () => {
    if (req.url === '/v2/models/sum/infer') {
      const input = JSON.parse(raw).inputs[0];
      const rows = input.shape[0] as number;
      const data = Array.from({ length: rows }, (_, i) => (input.data[2 * i] > 0 ? 0.9 : 0.1));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ outputs: [{ name: 'y', shape: [rows, 1], datatype: 'FP64', data }] }),
      );
    } else if (req.url === '/v2/models/broken/infer') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error": "boom"}');
    }
    // `hang`: no answer, ever.
  });
}

const remote = (modelName: string) => ({
  url: endpoint.url,
  protocol: 'kserve-v2' as const,
  modelName,
  nFeatures: 2,
  output: { kind: 'probability', classes: ['no', 'yes'] },
});

interface Prediction {
  requestId: string;
  version: number;
  predicted: string[];
  outputs: number[][];
}
interface ShadowTestBody {
  id: string;
  status: string;
  mirrored: number;
  candidate: { kind: string };
}
interface Report {
  requests: number;
  droppedByThisProcess: number;
  kind: string;
  candidate: {
    ok: number;
    errors: number;
    timeouts: number;
    errorRate: number | null;
    timeoutRate: number | null;
  };
  agreement: { rows: number; rate: number | null } | null;
  latencyMs: {
    served: { n: number; p99: number | null };
    shadow: { n: number; p50: number | null };
  };
  overTime: { requests: number; agreement: number | null }[];
  latencyHistogram: { edgesMs: number[]; served: number[]; shadow: number[] };
  labelled: { requests: number; rows: number; note?: string; comparison: unknown };
}

/** Reads until `ok` (at once when it already holds) or `ms` have passed, then returns the last read. */
async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('shadow tests', () => {
  let h: Harness;
  const base = '/v1/projects/default/models/churn';
  const rows = [
    [1, 2],
    [3, 1],
  ];
  const predict = (body: Record<string, unknown> = { alias: 'production' }) =>
    h.call(`${base}/predict`, json({ rows, ...body }));
  const started: string[] = [];
  const start = async (alias: string, body: unknown) => {
    const res = await h.call(`${base}/aliases/${alias}/shadow-tests`, json(body));
    if (res.status === 201) started.push(((await res.clone().json()) as { id: string }).id);
    return res;
  };
  const report = async (id: string) =>
    readJson<Report>(await h.call(`${base}/shadow-tests/${id}/report`));
  const stop = (id: string) => h.call(`${base}/shadow-tests/${id}/stop`, { method: 'POST' });

  // A test that fails before it stops its shadow test must not leave the alias taken (409) for
  // the next one: whatever is still running is stopped after each test.
  afterEach(async () => {
    for (const id of started.splice(0)) {
      const res = await h.call(`${base}/shadow-tests/${id}`);
      if (((await res.json()) as { status: string }).status === 'running') await stop(id);
    }
  });

  beforeAll(async () => {
    endpoint = await startModelServer(handler);
    h = await startHarness({
      ASSAY_SHADOW_TIMEOUT_MS: String(TIMEOUT_MS),
      ASSAY_SHADOW_MAX_IN_FLIGHT: '4',
      ASSAY_PREDICTION_LOG_FLUSH_MS: '20',
      ASSAY_REMOTE_ALLOWED_HOSTS: '127.0.0.1',
      // One thread, warmed by the uploads' checks: a copy never waits for a thread to start.
      ASSAY_COMPUTE_THREADS: '1',
      // What these tests count must not depend on the machine's other work: at the default
      // (lowest) priority, a busy machine can leave the shadow thread no CPU within the 1 s
      // timeout, and its copies are then shed (shadow-runner.test.ts covers that).
      ASSAY_SHADOW_THREAD_NICE: '0',
    });
    await registerSpecVersion(h, 'churn', holder);
    for (const spec of [challenger, broken]) {
      const upload = await h.call(`${base}/versions?format=json`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: JSON.stringify(spec),
      });
      expect(upload.status).toBe(201);
    }
    const moved = await h.call(`${base}/aliases/production`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1 }),
    });
    expect(moved.status).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
    await endpoint?.close();
  });

  it('predict answers its request id (body and X-Request-Id) and logs the served answer, without inputs by default', async () => {
    const res = await predict();
    expect(res.status).toBe(200);
    const body = await readJson<Prediction>(res);
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
    const logged = await until(
      async () =>
        (
          await readJson<{ items: { role: string; inputs: unknown; inputSha256: string }[] }>(
            await h.call(`${base}/prediction-log?requestId=${body.requestId}`),
          )
        ).items,
      (items) => items.length > 0,
    );
    expect(logged).toMatchObject([{ role: 'served', inputs: null }]);
    expect(logged[0]?.inputSha256).toMatch(/^[0-9a-f]{64}$/);
    // With the policy on, the inputs are kept.
    const policy = await h.call(`${base}/prediction-log/policy`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ logInputs: true }),
    });
    expect(await readJson(policy)).toEqual({ modelName: 'churn', logInputs: true });
    await new Promise((r) => setTimeout(r, 1100)); // the policy is cached for a second
    const again = await readJson<Prediction>(await predict());
    const kept = await until(
      async () =>
        (
          await readJson<{ items: { inputs: unknown }[] }>(
            await h.call(`${base}/prediction-log?requestId=${again.requestId}`),
          )
        ).items,
      (items) => items.length > 0,
    );
    expect(kept[0]?.inputs).toEqual(rows);
  });

  it('mirrors to a candidate version: the holder answers, the report compares both, labels join by request id', async () => {
    const started = await start('production', { candidate: { version: 2 }, maxRequests: 1000 });
    expect(started.status).toBe(201);
    const test = await readJson<ShadowTestBody>(started);
    expect(started.headers.get('location')).toBe(`${base}/shadow-tests/${test.id}`);
    expect(test).toMatchObject({ status: 'running', candidate: { kind: 'version' } });
    // One after another: the in-flight bound (4) is not what this test is about.
    const answers: Response[] = [];
    for (let i = 0; i < 10; i += 1) answers.push(await predict());
    const bodies = await Promise.all(answers.map((r) => readJson<Prediction>(r)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(bodies.every((b) => b.version === 1)).toBe(true);
    const done = await until(
      () => report(test.id),
      (r) => r.candidate.ok === 10 && r.latencyMs.served.n === 10,
    );
    expect(done).toMatchObject({
      requests: 10,
      kind: 'classifier',
      candidate: { ok: 10, errors: 0, timeouts: 0, errorRate: 0, timeoutRate: 0 },
      agreement: { rows: 20 },
    });
    // Row [1, 2]: holder 1·1 − 2 < 0 → no, challenger 1 − 1 = 0 → sigmoid 0.5: the same class or
    // not depending on the tie rule; row [3, 1]: both yes. At least half agree.
    expect(done.agreement?.rate).toBeGreaterThanOrEqual(0.5);
    expect(done.overTime.reduce((n, b) => n + b.requests, 0)).toBe(10);
    expect(done.latencyHistogram.served.reduce((a, b) => a + b, 0)).toBe(10);
    expect(done.labelled).toMatchObject({ rows: 0, note: expect.stringMatching(/no labelled/) });

    const labels = bodies.map((b) => ({ requestId: b.requestId, label: ['no', 'yes'] }));
    const sent = await h.call(`${base}/labels`, json({ labels }));
    expect(await readJson(sent)).toEqual({ received: 10, stored: 10, unchanged: 0 });
    const retried = await h.call(`${base}/labels`, json({ labels }));
    expect(await readJson(retried)).toEqual({ received: 10, stored: 0, unchanged: 10 });
    const changed = await h.call(
      `${base}/labels`,
      json({ labels: [{ requestId: bodies[0]?.requestId, label: ['yes', 'yes'] }] }),
    );
    expect(changed.status).toBe(409);
    const labelled = await report(test.id);
    expect(labelled.labelled).toMatchObject({ requests: 10, rows: 20 });
    // The core's paired comparison of the labelled rows: accuracy, candidate vs the holder.
    const comparison = labelled.labelled.comparison as {
      n: number;
      metrics: { metric: string; candidate: number; baseline: number; tests: { name: string }[] }[];
    };
    expect(comparison.n).toBe(20);
    expect(comparison.metrics[0]?.metric).toBe('accuracy');
    // The holder predicts [no, yes] for every request, which the labels say: accuracy 1.
    expect(comparison.metrics[0]?.baseline).toBe(1);

    // One test per alias; stop ends it (and a second stop is a conflict).
    expect((await start('production', { candidate: { version: 2 }, maxRequests: 5 })).status).toBe(
      409,
    );
    const stopped = await stop(test.id);
    expect((await readJson<ShadowTestBody>(stopped)).status).toBe('stopped');
    expect((await stop(test.id)).status).toBe(409);
    const list = await readJson<{ items: ShadowTestBody[] }>(await h.call(`${base}/shadow-tests`));
    expect(list.items.map((t) => t.id)).toContain(test.id);
  });

  it('a candidate version that throws: every caller gets the holder’s answer, the report counts the errors', async () => {
    const test = await readJson<ShadowTestBody>(
      await start('production', { candidate: { version: 3 }, maxRequests: 1000 }),
    );
    const direct = await readJson<Prediction>(await predict({ version: 1 }));
    const answers = await Promise.all(Array.from({ length: 8 }, () => predict()));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    for (const a of answers) {
      const body = await readJson<Prediction>(a);
      expect(body.outputs).toEqual(direct.outputs);
    }
    const r = await until(
      () => report(test.id),
      (x) => x.candidate.errors + x.droppedByThisProcess === 8,
    );
    expect(r.candidate.ok).toBe(0);
    expect(r.candidate.errors).toBeGreaterThan(0);
    expect(r.candidate.errorRate).toBe(1);
    await stop(test.id);
  });

  it('a remote candidate that never answers: callers are not held up; copies time out, and beyond the in-flight bound they are dropped', async () => {
    const test = await readJson<ShadowTestBody>(
      await start('production', { candidate: { remote: remote('hang') }, maxRequests: 1000 }),
    );
    expect(test.candidate.kind).toBe('remote');
    const t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: 12 }, () => predict()));
    const elapsed = performance.now() - t0;
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(elapsed).toBeLessThan(TIMEOUT_MS);
    const r = await until(
      () => report(test.id),
      (x) => x.candidate.timeouts + x.droppedByThisProcess >= 12,
      TIMEOUT_MS * 10,
    );
    expect(r.candidate.timeouts).toBeGreaterThan(0);
    expect(r.candidate.timeouts).toBeLessThanOrEqual(4);
    expect(r.droppedByThisProcess).toBeGreaterThanOrEqual(8);
    expect(r.candidate.timeoutRate).toBe(1);
    await stop(test.id);
  });

  it('a remote candidate answering 500 and one answering: errors counted, answers compared', async () => {
    const failing = await readJson<ShadowTestBody>(
      await start('production', { candidate: { remote: remote('broken') }, maxRequests: 1000 }),
    );
    for (let i = 0; i < 3; i += 1) expect((await predict()).status).toBe(200);
    const failed = await until(
      () => report(failing.id),
      (x) => x.candidate.errors === 3,
    );
    expect(failed.candidate).toMatchObject({ ok: 0, errors: 3, errorRate: 1 });
    await stop(failing.id);

    const staging = await readJson<ShadowTestBody>(
      await start('production', { candidate: { remote: remote('sum') }, maxRequests: 2 }),
    );
    for (let i = 0; i < 4; i += 1) expect((await predict()).status).toBe(200);
    const done = await until(
      async () => readJson<ShadowTestBody>(await h.call(`${base}/shadow-tests/${staging.id}`)),
      (t) => t.status === 'completed',
    );
    // The count end: two mirrored requests, then the test completed.
    expect(done).toMatchObject({ status: 'completed', mirrored: 2 });
    const r = await report(staging.id);
    expect(r.candidate.ok).toBe(2);
    // Row [1, 2]: the holder says no (1 − 2 < 0), the candidate yes (x0 > 0); row [3, 1]: both yes.
    expect(r.agreement).toEqual({ rows: 4, rate: 0.5 });
  });

  it('refuses a remote candidate outside the outbound policy, a missing alias, bad bodies and labels', async () => {
    const refused = await start('production', {
      candidate: { remote: { ...remote('sum'), url: 'http://10.1.2.3:8080' } },
      maxRequests: 5,
    });
    expect(refused.status).toBe(400);
    expect((await readJson<ProblemBody>(refused)).type).toMatch(/outbound-refused/);
    expect((await start('staging', { candidate: { version: 2 }, maxRequests: 5 })).status).toBe(
      404,
    );
    for (const body of [
      { candidate: { version: 2 } },
      { candidate: { version: 2 }, maxRequests: 5, sampleFraction: 2 },
      { candidate: {}, maxRequests: 5 },
      { candidate: { version: 2 }, maxRequests: 5, extra: true },
      { candidate: { version: 2 }, endsAt: '2000-01-01T00:00:00Z' },
    ]) {
      const res = await start('production', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    for (const labels of [
      [],
      [{ requestId: 'has space', label: 1 }],
      [{ requestId: 'a', label: { x: 1 } }],
      [
        { requestId: 'a', label: 1 },
        { requestId: 'a', label: 2 },
      ],
    ]) {
      const res = await h.call(`${base}/labels`, json({ labels }));
      expect(res.status, JSON.stringify(labels)).toBe(400);
    }
    expect((await h.call(`${base}/shadow-tests/01900000-0000-7000-8000-000000000000`)).status).toBe(
      404,
    );
  });

  it('a sample fraction of 0 mirrors nothing', async () => {
    const test = await readJson<ShadowTestBody>(
      await start('production', { candidate: { version: 2 }, sampleFraction: 0, maxRequests: 5 }),
    );
    for (let i = 0; i < 5; i += 1) expect((await predict()).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await report(test.id)).requests).toBe(0);
    await stop(test.id);
  });
});
