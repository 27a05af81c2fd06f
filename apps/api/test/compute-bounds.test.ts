/**
 * GitHub issue 11: one request must neither kill the process nor stall everyone. Each input below
 * exhausted the heap or held the event loop for minutes before the compute pool and the core's
 * bounds; now each is refused before work with a problem naming its bound, or ended by its
 * thread's memory or time limit while /healthz keeps answering. The pool is configured small
 * (1 thread, a queue of 1, 512 MB — 64 MB for the memory limit —, 4 s) so that each limit is
 * reached quickly.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIABETES_MODEL, diabetesCsv } from './diabetes.js';
import {
  type Harness,
  json,
  type ProblemBody,
  readJson,
  registerSpecVersion,
  startHarness,
} from './harness.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** `n` words drawn from 12 with a seeded generator (unrelated texts: the costliest for TER). */
function words(n: number, seed = 0): string {
  let s = seed + 1;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return `w${s % 12}`;
  }).join(' ');
}

async function expectProblem(res: Response, status: number, bound: RegExp): Promise<ProblemBody> {
  const body = (await res.json()) as ProblemBody;
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(body.detail).toMatch(bound);
  return body;
}

describe('compute bounds and the compute pool', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      ASSAY_COMPUTE_THREADS: '1',
      ASSAY_COMPUTE_QUEUE: '1',
      ASSAY_COMPUTE_MEMORY_MB: '512',
      ASSAY_COMPUTE_TIMEOUT_MS: '4000',
      ASSAY_MAX_DATASET_CELLS: '100000',
      ASSAY_SYNC_MAX_RESAMPLED_ROWS: '100000',
    });
    await registerSpecVersion(h, 'progression', DIABETES_MODEL);
  });
  afterAll(() => h?.close());

  const upload = (format: string, body: Uint8Array | string) =>
    h.call(`/v1/projects/default/datasets?format=${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });

  it('refuses a 8 KB Parquet bomb of 100 M rows from its footer, before decompressing (422, maxDatasetCells)', async () => {
    const res = await upload('parquet', fixture('parquet-bomb.parquet'));
    const problem = await expectProblem(
      res,
      422,
      /100000000 rows × 1 columns.*the limit is 100000 \(maxDatasetCells\)/,
    );
    expect(problem.type).toBe('https://assay.dev/problems/limit-exceeded');
  });

  it('refuses a Parquet file of 2,000 columns (422, maxDatasetColumns)', async () => {
    const res = await upload('parquet', fixture('parquet-wide.parquet'));
    await expectProblem(
      res,
      422,
      /too many columns \(2000\); the limit is 1000 \(maxDatasetColumns\)/,
    );
  });

  it('refuses a CSV of more rows × columns than the bound before splitting it (422, maxDatasetCells)', async () => {
    const header = Array.from({ length: 10 }, (_, j) => `c${j}`).join(',');
    const row = Array.from({ length: 10 }, (_, j) => j).join(',');
    const csv = `${header}\n${`${row}\n`.repeat(10_001)}`;
    await expectProblem(
      await upload('csv', csv),
      422,
      /10001 rows × 10 columns.*the limit is 100000 \(maxDatasetCells\)/,
    );
    // The same bound holds for an inline dataset of a batch test.
    const res = await h.call(
      '/v1/projects/default/evaluations',
      json({
        model: 'progression',
        dataset: { format: 'csv', content: csv },
        target: 'c0',
        metrics: [{ name: 'r2' }],
      }),
    );
    await expectProblem(res, 422, /\(maxDatasetCells\)/);
  });

  it('refuses TER on two 5,000-token segments before scoring (422, maxTerTokens)', async () => {
    const res = await h.call(
      '/v1/metrics/ter',
      json({ input: { hypotheses: [words(5000)], references: [[words(5000, 3)]] } }),
    );
    const problem = await expectProblem(
      res,
      422,
      /hypotheses\[0\] has more tokens than TER accepts per segment \(5000\); the limit is 256 \(maxTerTokens\)/,
    );
    expect(problem.errors?.[0]?.path).toBe('hypotheses.0');
  });

  it('refuses ROUGE-L on two 10⁵-token texts before scoring (422, maxLcsTokens)', async () => {
    const res = await h.call(
      '/v1/metrics/rouge',
      json({
        input: { predictions: [words(100_000)], references: [words(100_000, 5)] },
        params: { rougeTypes: ['rougeL'] },
      }),
    );
    await expectProblem(res, 422, /\(100000\); the limit is 4096 \(maxLcsTokens\)/);
  });

  it('refuses exact SHAP over more features than configured (422, maxExactShapFeatures)', async () => {
    const m = 13;
    const res = await h.call(
      '/v1/explanations',
      json({
        method: 'shap',
        input: {
          model: { type: 'linear', coef: Array.from({ length: m }, () => 1), intercept: 0 },
          background: [Array.from({ length: m }, () => 0)],
          instances: [Array.from({ length: m }, () => 1)],
        },
        params: { method: 'exact' },
      }),
    );
    await expectProblem(res, 422, /\(13\); the limit is 12 \(maxExactShapFeatures\)/);
  });

  it('with the pool busy: /healthz answers, a request beyond the queue gets 503 with Retry-After, and the running one is ended by the time limit (422)', async () => {
    // 16 segments of 250 tokens: each within maxTerTokens, together far beyond 4 s.
    const slow = json({
      input: {
        hypotheses: Array.from({ length: 16 }, (_, i) => words(250, 2 * i)),
        references: Array.from({ length: 16 }, (_, i) => [words(250, 2 * i + 1)]),
      },
    });
    const running = h.call('/v1/metrics/ter', slow);
    await new Promise((r) => setTimeout(r, 300));
    const waiting = new AbortController();
    const queued = h.call('/v1/metrics/ter', { ...slow, signal: waiting.signal }).catch(() => null);
    await new Promise((r) => setTimeout(r, 300));
    const refused = await h.call('/v1/metrics/ter', slow);
    const problem = await expectProblem(
      refused,
      503,
      /every compute thread is busy.*ASSAY_COMPUTE_QUEUE = 1/,
    );
    expect(problem.type).toBe('https://assay.dev/problems/overloaded');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const health = await h.call('/healthz', { key: null });
    expect(health.status).toBe(200);
    // A small metric is computed on the event loop meanwhile.
    const small = await h.call(
      '/v1/metrics/accuracy',
      json({ input: { yTrue: [1, 0, 1, 1], yPred: [1, 0, 0, 1] } }),
    );
    expect(await readJson<{ value: number }>(small)).toEqual({ value: 0.75 });
    // The client of the queued request goes away: its task is dropped, not computed (below).
    waiting.abort();
    await queued;
    await expectProblem(
      await running,
      422,
      /ran longer than a request may \(ASSAY_COMPUTE_TIMEOUT_MS = 4000\)/,
    );
    // The abandoned task was dropped from the queue (counted as cancelled), never run.
    let ended = '';
    for (let i = 0; i < 50 && !ended.includes('outcome="cancelled"} 1'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      ended = await (await h.call('/metrics', { key: null })).text();
    }
    expect(ended).toContain('assay_compute_tasks_ended_total{outcome="cancelled"} 1');
    expect(ended).toContain('assay_compute_tasks_ended_total{outcome="time-limit"} 1');
    expect(ended).toContain('assay_compute_tasks_ended_total{outcome="overloaded"} 1');
  });
  it('a batch test with bootstrap intervals above the work bound becomes a job (202 with Location)', async () => {
    // 442 rows × 1000 resamples × 1 metric > ASSAY_SYNC_MAX_RESAMPLED_ROWS = 100,000.
    const res = await h.call(
      '/v1/projects/default/evaluations',
      json({
        model: 'progression',
        dataset: { format: 'csv', content: diabetesCsv },
        target: 'progression',
        metrics: [{ name: 'r2' }],
        confidence: {},
      }),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    const location = res.headers.get('location') as string;
    expect(location).toMatch(/^\/v1\/projects\/default\/jobs\//);
    // The job runs in the pool (no time limit) and stores the evaluation.
    let status = 'queued';
    for (let i = 0; i < 600 && (status === 'queued' || status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await readJson<{ status: string }>(await h.call(location))).status;
    }
    expect(status).toBe('succeeded');
  }, 150_000);
});

describe('a compute thread over its memory limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ASSAY_COMPUTE_THREADS: '1', ASSAY_COMPUTE_MEMORY_MB: '64' });
  });
  afterAll(() => h?.close());

  it('a thread over its memory limit fails its request with 422 naming the bound; the process answers on', async () => {
    // 25 MB of JSON records: within the upload limit, and its cells are only counted once parsed,
    // which takes more than the thread's 64 MB heap.
    const records = Array.from({ length: 400_000 }, (_, i) => ({
      a: i,
      b: `label-${i % 1000}`,
      c: i / 3,
      d: `x${i}`,
    }));
    const res = await h.call('/v1/projects/default/datasets?format=json', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: JSON.stringify(records),
    });
    await expectProblem(
      res,
      422,
      /more memory than a compute thread has \(ASSAY_COMPUTE_MEMORY_MB = 64\)/,
    );
    expect((await h.call('/healthz', { key: null })).status).toBe(200);
    expect(await (await h.call('/metrics', { key: null })).text()).toContain(
      'assay_compute_tasks_ended_total{outcome="memory-limit"} 1',
    );
    // A new thread serves the next request.
    const small = await h.call(
      '/v1/metrics/ter',
      json({ input: { hypotheses: ['a b'], references: [['a c']] } }),
    );
    expect(small.status).toBe(200);
  });
});
