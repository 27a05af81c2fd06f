import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, REDIS, startWorkers } from './bullmq-workers.js';
import { DIABETES_MODEL, diabetesCsv } from './diabetes.js';
import {
  type Harness,
  json,
  type ProblemBody,
  readJson,
  registerSpecVersion,
  startHarness,
} from './harness.js';

interface Job {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: { fraction: number; message: string | null };
  result: Record<string, unknown> | null;
  error: { title: string; detail: string } | null;
  evaluationId: string | null;
}
interface StoredEvaluation {
  metrics: { name: string; value: number | null; result?: unknown }[];
  dataset: { rows: number; sha256: string };
}

const ENDED = ['succeeded', 'failed', 'cancelled'];

async function waitForJob(h: Harness, id: string): Promise<Job> {
  for (let i = 0; i < 1200; i++) {
    const job = await readJson<Job>(await h.call(`/v1/projects/default/jobs/${id}`));
    if (ENDED.includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not end within 120 s`);
}

/** Uploads CSV text as a dataset and returns its id. */
async function upload(h: Harness, csv: string): Promise<string> {
  const res = await h.call('/v1/projects/default/datasets?format=csv', {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: csv,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await readJson<{ id: string }>(res)).id;
}

/** Runs a batch test as a job and returns the ended job and, if it succeeded, its evaluation. */
async function runJob(h: Harness, body: Record<string, unknown>, events = false) {
  const res = await h.call('/v1/projects/default/evaluations', json({ async: true, ...body }));
  expect(res.status, await res.clone().text()).toBe(202);
  const { id } = await readJson<Job>(res);
  // the event stream ends once the job has ended: every progress message it carried
  let messages: string[] = [];
  if (events) {
    const text = await (await h.call(`/v1/projects/default/jobs/${id}/events`)).text();
    messages = text
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => (JSON.parse(line.slice(5)) as Job).progress?.message ?? '')
      .filter((m) => m !== '');
  }
  const job = await waitForJob(h, id);
  const evaluation =
    job.evaluationId === null
      ? undefined
      : await readJson<StoredEvaluation>(
          await h.call(`/v1/projects/default/evaluations/${job.evaluationId}`),
        );
  return { job, evaluation, messages };
}

/** mulberry32, so that the classification data is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1,000 rows of two features (with tied values) and a noisy yes/no label. */
function classificationCsv(): string {
  const rand = random(42);
  const lines = ['x1,x2,label'];
  for (let i = 0; i < 1000; i++) {
    const x1 = Math.floor(rand() * 7) - 3;
    const x2 = Math.round((rand() * 4 - 2) * 100) / 100;
    const p = 1 / (1 + Math.exp(-(0.8 * x1 - 1.5 * x2 + (rand() - 0.5) * 3)));
    lines.push(`${x1},${x2},${rand() < p ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

const LOGISTIC = {
  type: 'logistic',
  coef: [0.7, -1.2],
  intercept: 0.1,
  classes: ['no', 'yes'],
  featureNames: ['x1', 'x2'],
};
const CLASSIFICATION_METRICS = [
  { name: 'accuracy' },
  { name: 'f1', params: { average: 'macro' } },
  { name: 'precision' },
  { name: 'confusionMatrix' },
  { name: 'rocAuc' },
  { name: 'averagePrecision' },
  { name: 'logLoss' },
];
/** Merged from integer counts: the stored value is the unsharded one, bit for bit. */
const EXACT = new Set([
  'accuracy',
  'f1',
  'precision',
  'confusionMatrix',
  'rocAuc',
  'averagePrecision',
]);

const relative = (a: number, b: number) =>
  a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

function expectSameMetrics(sharded: StoredEvaluation, whole: StoredEvaluation) {
  expect(sharded.dataset).toEqual(whole.dataset);
  expect(sharded.metrics.map((m) => m.name)).toEqual(whole.metrics.map((m) => m.name));
  sharded.metrics.forEach((m, i) => {
    const w = whole.metrics[i] as StoredEvaluation['metrics'][number];
    if (EXACT.has(m.name)) {
      expect(m.value, m.name).toBe(w.value);
      expect(m.result, m.name).toEqual(w.result);
    } else {
      expect(relative(m.value as number, w.value as number), m.name).toBeLessThanOrEqual(1e-12);
    }
  });
}

const SETUPS = [
  { database: 'embedded', concurrency: '1' },
  { database: 'embedded', concurrency: '3' },
  { database: 'postgres', concurrency: '3' },
] as const;

for (const { database, concurrency } of SETUPS) {
  describe(`sharded batch tests (${database} database, in-process queue, ASSAY_JOB_CONCURRENCY=${concurrency})`, () => {
    let h: Harness;
    let diabetesId: string;
    let classificationId: string;
    let drop: (() => void) | undefined;
    beforeAll(async () => {
      let databaseUrl: string | undefined;
      if (database === 'postgres') ({ url: databaseUrl, drop } = await freshPostgres('shards'));
      // Automatic sharding is for Redis workers only: with the in-process queue a dataset above
      // ASSAY_SHARD_ROWS still runs unsharded unless the request asks.
      h = await startHarness(
        { ASSAY_JOB_CONCURRENCY: concurrency, ASSAY_JOB_POLL_MS: '200', ASSAY_SHARD_ROWS: '50' },
        databaseUrl ? { databaseUrl } : {},
      );
      await registerSpecVersion(h, 'progression', DIABETES_MODEL);
      await registerSpecVersion(h, 'churn', LOGISTIC);
      diabetesId = await upload(h, diabetesCsv);
      classificationId = await upload(h, classificationCsv());
    });
    afterAll(async () => {
      await h?.close();
      drop?.();
    });

    it('a regression batch test in 9 shards stores the metrics the unsharded one stores; progress counts shards', async () => {
      const body = {
        model: 'progression',
        dataset: { id: diabetesId },
        target: 'progression',
        metrics: [{ name: 'r2' }, { name: 'mse' }, { name: 'mae' }, { name: 'rmse' }],
      };
      const whole = await runJob(h, body);
      expect(whole.job.result?.shards).toBeUndefined(); // in-process: not sharded by itself
      const sharded = await runJob(h, { ...body, shard: { rows: 50 } }, true);
      expect(sharded.job.status, JSON.stringify(sharded.job.error)).toBe('succeeded');
      expect(sharded.job.result?.shards).toBe(9); // 442 rows: 8 of 50 and one of 42
      // Progress is written at most four times a second, so the stored message may lag behind
      // the shards (even still read "reading the model and the dataset" when the shards ran
      // quickly): the shard count is checked on what the event stream saw, below.
      expect(sharded.job.progress.fraction).toBe(1);
      const counted = sharded.messages
        .map((m) => /^(\d+) of 9 shards/.exec(m)?.[1])
        .filter((k) => k !== undefined)
        .map(Number);
      // The stream may open after the first reports (or, on a fast run, after the last one):
      // what it saw counts shards within 0…9, up, never back.
      expect(counted.every((k) => k >= 0 && k <= 9)).toBe(true);
      expect(counted).toEqual([...counted].sort((a, b) => a - b)); // never counts back
      expectSameMetrics(
        sharded.evaluation as StoredEvaluation,
        whole.evaluation as StoredEvaluation,
      );
      // the shards are jobs of their own, each with its statistics as its result
      const shards = await readJson<{ items: Job[] }>(
        await h.call('/v1/projects/default/jobs?kind=evaluation-shard&limit=100'),
      );
      const mine = shards.items.filter(
        (j) =>
          (j as unknown as { input: { parentJobId: string } }).input?.parentJobId ===
          sharded.job.id,
      );
      expect(mine.map((j) => j.status)).toEqual(Array(9).fill('succeeded'));
    });

    it('a classification batch test in uneven shards: counted metrics bit for bit, logLoss within 1e-12', async () => {
      const body = {
        model: 'churn',
        dataset: { id: classificationId },
        target: 'label',
        metrics: CLASSIFICATION_METRICS,
      };
      const whole = await runJob(h, body);
      expect(whole.job.status, JSON.stringify(whole.job.error)).toBe('succeeded');
      for (const rows of [1000, 333, 97]) {
        const sharded = await runJob(h, { ...body, shard: { rows } });
        expect(sharded.job.status, JSON.stringify(sharded.job.error)).toBe('succeeded');
        expect(sharded.job.result?.shards).toBe(Math.ceil(1000 / rows));
        expectSameMetrics(
          sharded.evaluation as StoredEvaluation,
          whole.evaluation as StoredEvaluation,
        );
      }
    });

    it('a shard that fails fails the parent with its error, and no evaluation is stored', async () => {
      // row 871 has a label the model does not know: the 9th shard of 100 rows fails on it
      const csv = classificationCsv().split('\n');
      csv[871] = csv[871]?.replace(/(yes|no)$/, 'maybe') as string;
      const id = await upload(h, csv.join('\n'));
      const { job, evaluation } = await runJob(h, {
        model: 'churn',
        dataset: { id },
        target: 'label',
        metrics: [{ name: 'accuracy' }],
        shard: { rows: 100 },
      });
      expect(job.status).toBe('failed');
      expect(evaluation).toBeUndefined();
      expect(job.error?.detail).toMatch(
        /^shard 9 of 10 \(job [0-9a-f-]+\) failed: .*target 'label' has the label "maybe" \(row 71\)/,
      );
    });

    it('cancelling the parent cancels its shards still waiting or running', async () => {
      const res = await h.call(
        '/v1/projects/default/evaluations',
        json({
          model: 'progression',
          dataset: { id: diabetesId },
          target: 'progression',
          metrics: [{ name: 'r2' }],
          shard: { rows: 2 }, // 221 shards
        }),
      );
      expect(res.status).toBe(202);
      const { id } = await readJson<Job>(res);
      // once some shards exist, cancel the parent
      for (let i = 0; i < 100; i++) {
        const job = await readJson<Job>(await h.call(`/v1/projects/default/jobs/${id}`));
        if (/^\d+ of 221 shards/.test(job.progress.message ?? '')) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(
        (await h.call(`/v1/projects/default/jobs/${id}/cancel`, { method: 'POST' })).status,
      ).toBeLessThan(300);
      const parent = await waitForJob(h, id);
      expect(parent.status).toBe('cancelled');
      const shards = await readJson<{ items: (Job & { input: { parentJobId: string } })[] }>(
        await h.call('/v1/projects/default/jobs?kind=evaluation-shard&limit=100&status=queued'),
      );
      expect(shards.items.filter((j) => j.input.parentJobId === id)).toEqual([]);
    });

    it('refuses at once what shards cannot merge: intervals, metrics without a mergeable form, async: false', async () => {
      const base = {
        model: 'progression',
        dataset: { id: diabetesId },
        target: 'progression',
        metrics: [{ name: 'r2' }],
        shard: { rows: 100 },
      };
      const ci = await h.call(
        '/v1/projects/default/evaluations',
        json({ ...base, confidence: { nResamples: 10 } }),
      );
      expect(ci.status).toBe(400);
      expect((await readJson<ProblemBody>(ci)).detail).toMatch(
        /confidence intervals cannot be merged/,
      );
      const median = await h.call(
        '/v1/projects/default/evaluations',
        json({ ...base, metrics: [{ name: 'r2' }, { name: 'medianAbsoluteError' }] }),
      );
      expect(median.status).toBe(400);
      expect((await readJson<ProblemBody>(median)).detail).toMatch(
        /^metric 'medianAbsoluteError' has no mergeable form/,
      );
      const sync = await h.call(
        '/v1/projects/default/evaluations',
        json({ ...base, async: false }),
      );
      expect(sync.status).toBe(400);
    });
  });
}

describe('sharded batch tests with BullMQ workers (PostgreSQL, Redis)', () => {
  const prefix = `assay-shards-test-${process.pid}-${Date.now().toString(36)}`;
  let h: Harness;
  let drop: (() => void) | undefined;
  let stopWorkers: (() => Promise<void>) | undefined;
  let diabetesId: string;
  beforeAll(async () => {
    const database = await freshPostgres('shards');
    drop = database.drop;
    const env = {
      REDIS_URL: REDIS,
      ASSAY_REDIS_PREFIX: prefix,
      ASSAY_JOB_LEASE_MS: '5000',
      ASSAY_SHARD_ROWS: '100',
    };
    h = await startHarness(env, { databaseUrl: database.url });
    stopWorkers = await startWorkers({
      count: 2,
      databaseUrl: database.url,
      dataDir: h.dataDir,
      prefix,
      concurrency: 2,
      leaseMs: 5000,
    });
    await registerSpecVersion(h, 'progression', DIABETES_MODEL);
    diabetesId = await upload(h, diabetesCsv);
  });
  afterAll(async () => {
    await stopWorkers?.();
    await h?.close();
    drop?.();
  });

  it('the shards spread over the workers and the merge equals the unsharded evaluation', async () => {
    const body = {
      model: 'progression',
      dataset: { id: diabetesId },
      target: 'progression',
      metrics: [{ name: 'r2' }, { name: 'mse' }, { name: 'mae' }, { name: 'rmse' }],
    };
    const whole = await runJob(h, { ...body, shard: false });
    expect(whole.job.status, JSON.stringify(whole.job.error)).toBe('succeeded');
    expect(whole.job.result?.shards).toBeUndefined();
    const sharded = await runJob(h, { ...body, shard: { rows: 25 } });
    expect(sharded.job.status, JSON.stringify(sharded.job.error)).toBe('succeeded');
    expect(sharded.job.result?.shards).toBe(18);
    expectSameMetrics(sharded.evaluation as StoredEvaluation, whole.evaluation as StoredEvaluation);
    const shards = await readJson<{
      items: (Job & { workerId: string; input: { parentJobId: string; index: number } })[];
    }>(await h.call('/v1/projects/default/jobs?kind=evaluation-shard&limit=100'));
    const mine = shards.items.filter((j) => j.input.parentJobId === sharded.job.id);
    expect(mine).toHaveLength(18);
    // the parent ran the first shard itself (it never went to the queue, so no worker that came
    // free later could take it over from the start)
    const first = mine.find((j) => j.input.index === 0);
    expect(first?.workerId).toMatch(new RegExp(`^shard-helper:${sharded.job.id}:`));
    const workers = new Set(mine.map((j) => j.workerId.split(':').slice(0, 3).join(':')));
    expect(workers.size, [...workers].join(', ')).toBeGreaterThan(1);
  });

  it('a dataset above ASSAY_SHARD_ROWS is sharded without asking, unless shard: false or the request cannot be merged', async () => {
    const body = {
      model: 'progression',
      dataset: { id: diabetesId },
      target: 'progression',
      metrics: [{ name: 'r2' }, { name: 'mae' }],
    };
    const whole = await runJob(h, { ...body, shard: false });
    expect(whole.job.status, JSON.stringify(whole.job.error)).toBe('succeeded');
    expect(whole.job.result?.shards).toBeUndefined();
    // 442 rows > 100: five ranges of at most 100 rows, with nothing asked
    const automatic = await runJob(h, body);
    expect(automatic.job.status, JSON.stringify(automatic.job.error)).toBe('succeeded');
    expect(automatic.job.result?.shards).toBe(5);
    expectSameMetrics(
      automatic.evaluation as StoredEvaluation,
      whole.evaluation as StoredEvaluation,
    );
    // intervals and a metric without a mergeable form cannot be sharded: unsharded, not refused
    for (const unmergeable of [
      { ...body, confidence: { nResamples: 20, seed: 1 } },
      { ...body, metrics: [{ name: 'r2' }, { name: 'medianAbsoluteError' }] },
    ]) {
      const run = await runJob(h, unmergeable);
      expect(run.job.status, JSON.stringify(run.job.error)).toBe('succeeded');
      expect(run.job.result?.shards).toBeUndefined();
    }
  });
});
