import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIABETES_COEF as COEF,
  DIABETES_MODEL,
  diabetesCsv,
  DIABETES_R2 as R2,
} from './diabetes.js';
import {
  type Harness,
  json,
  type ProblemBody,
  readJson,
  registerSpecVersion,
  startHarness,
} from './harness.js';

// diabetes.csv as Parquet (every column DOUBLE, Snappy), written by hyparquet-writer 0.17 from
// diabetes.csv: packages/core's Parquet tests check that reader against the CSV itself.
const diabetesParquet = readFileSync(
  fileURLToPath(new URL('./fixtures/diabetes.parquet', import.meta.url)),
);
const diabetesRows = diabetesCsv
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',').map(Number).slice(0, 10));

interface Job {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: { fraction: number; message: string | null };
  result: Record<string, unknown> | null;
  error: { title: string; detail: string } | null;
  evaluationId: string | null;
  attempts: number;
  cancelRequested: boolean;
}
interface Dataset {
  id: string;
  format: string;
  rows: number;
  columns: string[];
  sha256: string;
}

const ENDED = ['succeeded', 'failed', 'cancelled'];

async function waitForJob(h: Harness, id: string): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const job = await readJson<Job>(await h.call(`/v1/projects/default/jobs/${id}`));
    if (ENDED.includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not end within 60 s`);
}

const evaluationBody = (dataset: unknown, extra: Record<string, unknown> = {}) =>
  json({
    model: 'progression',
    version: 1,
    dataset,
    target: 'progression',
    metrics: [{ name: 'r2' }, { name: 'mse' }],
    ...extra,
  });

describe('datasets and jobs (in-process queue)', () => {
  let h: Harness;
  let csvDataset: Dataset;
  beforeAll(async () => {
    // A small sync limit, so that diabetes (442 rows) runs as a job unless told otherwise.
    h = await startHarness({ ASSAY_SYNC_MAX_ROWS: '100', ASSAY_JOB_POLL_MS: '200' });
    await registerSpecVersion(h, 'progression', DIABETES_MODEL);
    const res = await h.call('/v1/projects/default/datasets?format=csv&name=diabetes', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: diabetesCsv,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    csvDataset = await readJson<Dataset>(res);
  });
  afterAll(() => h?.close());

  it('stores an uploaded dataset with its rows, columns and checksum, and serves it back', async () => {
    expect(csvDataset).toMatchObject({ format: 'csv', rows: 442 });
    expect(csvDataset.columns.at(-1)).toBe('progression');
    const listed = await readJson<{ items: Dataset[] }>(
      await h.call('/v1/projects/default/datasets'),
    );
    expect(listed.items.map((d) => d.id)).toContain(csvDataset.id);
    const content = await h.call(`/v1/projects/default/datasets/${csvDataset.id}/content`);
    expect(content.headers.get('x-assay-sha256')).toBe(csvDataset.sha256);
    expect(await content.text()).toBe(diabetesCsv);
    // the same file as the `file` part of a multipart form
    const form = new FormData();
    form.append('file', new Blob([diabetesCsv]), 'diabetes.csv');
    const multipart = await h.call('/v1/projects/default/datasets?format=csv', {
      method: 'POST',
      body: form,
    });
    expect(multipart.status, await multipart.clone().text()).toBe(201);
    expect(await readJson<Dataset>(multipart)).toMatchObject({
      rows: 442,
      sha256: csvDataset.sha256,
    });
  });

  it('refuses a malformed dataset with a 400 that says what is wrong, and stores nothing', async () => {
    const bad = await h.call('/v1/projects/default/datasets?format=parquet', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: diabetesCsv,
    });
    expect(bad.status).toBe(400);
    expect((await readJson<ProblemBody>(bad)).detail).toMatch(/not a Parquet file/);
    const ragged = await h.call('/v1/projects/default/datasets?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'a,b\n1,2\n3\n',
    });
    expect(ragged.status).toBe(400);
    expect((await readJson<ProblemBody>(ragged)).detail).toMatch(/row 2 .* has 1 field/);
    const listed = await readJson<{ items: Dataset[] }>(
      await h.call('/v1/projects/default/datasets'),
    );
    expect(listed.items).toHaveLength(2); // the two uploads of the first test
  });

  it('runs an evaluation of a stored dataset as a job: 202, progress, one stored evaluation', async () => {
    const res = await h.call(
      '/v1/projects/default/evaluations',
      evaluationBody({ id: csvDataset.id }, { async: true }),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    const queued = await readJson<Job>(res);
    expect(res.headers.get('location')).toBe(`/v1/projects/default/jobs/${queued.id}`);
    expect(queued).toMatchObject({ kind: 'evaluation', status: 'queued' });
    const done = await waitForJob(h, queued.id);
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    expect(done.progress.fraction).toBe(1);
    expect(done.attempts).toBe(1);
    const evaluation = await readJson<{
      metrics: { name: string; value: number }[];
      dataset: { rows: number; sha256: string };
      datasetId: string;
    }>(await h.call(`/v1/projects/default/evaluations/${done.evaluationId}`));
    expect(evaluation.metrics.find((m) => m.name === 'r2')?.value).toBeCloseTo(R2, 10);
    expect(evaluation.dataset).toMatchObject({ rows: 442, sha256: csvDataset.sha256 });
    expect(evaluation.datasetId).toBe(csvDataset.id);
    const report = done.result?.report as { metrics: { name: string; value: number }[] };
    expect(report.metrics[0]?.value).toBeCloseTo(R2, 10);
  });

  it('evaluates a Parquet dataset to the same numbers as the CSV', async () => {
    const upload = await h.call('/v1/projects/default/datasets?format=parquet', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: diabetesParquet,
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const dataset = await readJson<Dataset>(upload);
    expect(dataset).toMatchObject({ format: 'parquet', rows: 442, columns: csvDataset.columns });
    const res = await h.call(
      '/v1/projects/default/evaluations',
      evaluationBody({ id: dataset.id }, { async: false }),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { evaluation } = await readJson<{ evaluation: { metrics: { value: number }[] } }>(res);
    expect(evaluation.metrics[0]?.value).toBeCloseTo(R2, 10);
  });

  it('turns a large inline evaluation into a job on its own, keeping the data as a dataset', async () => {
    const res = await h.call(
      '/v1/projects/default/evaluations',
      evaluationBody({ format: 'csv', content: diabetesCsv }),
    );
    expect(res.status).toBe(202);
    const done = await waitForJob(h, (await readJson<Job>(res)).id);
    expect(done.status).toBe('succeeded');
    const listed = await readJson<{ items: Dataset[] }>(
      await h.call('/v1/projects/default/datasets'),
    );
    // the same bytes as the first test's two uploads: a third dataset row, one stored artifact
    expect(listed.items.filter((d) => d.sha256 === csvDataset.sha256)).toHaveLength(3);
  });

  it('streams a job’s progress as server-sent events until it has ended', async () => {
    const res = await h.call(
      '/v1/projects/default/evaluations',
      evaluationBody({ id: csvDataset.id }, { async: true }),
    );
    const { id } = await readJson<Job>(res);
    const stream = await h.call(`/v1/projects/default/jobs/${id}/events`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await stream.text(); // the server ends the stream once the job has ended
    const events = text
      .split('\n\n')
      .filter((block) => block.startsWith('event: job'))
      .map(
        (block) =>
          JSON.parse(
            block
              .split('\n')
              .find((l) => l.startsWith('data: '))
              ?.slice(6) ?? '',
          ) as Job,
      );
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.at(-1)?.status).toBe('succeeded');
    const missing = await h.call(
      '/v1/projects/default/jobs/00000000-0000-7000-8000-000000000000/events',
    );
    expect(missing.status).toBe(404);
  });

  it('records a job that cannot run as failed, with the reason an API call would give', async () => {
    // A missing column or an unknown metric is refused before a job is queued; whether a metric
    // fits the model is known only once the job has loaded it.
    const res = await h.call(
      '/v1/projects/default/evaluations',
      evaluationBody({ id: csvDataset.id }, { async: true, metrics: [{ name: 'accuracy' }] }),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    const done = await waitForJob(h, (await readJson<Job>(res)).id);
    expect(done.status).toBe('failed');
    expect(done.error?.detail).toMatch(
      /metric 'accuracy' is a classification metric but the model is a regressor/,
    );
    expect(done.evaluationId).toBeNull();
  });

  it('cancels a running job (its compute thread is stopped) and stores no evaluation', async () => {
    const before = await readJson<{ items: unknown[] }>(
      await h.call('/v1/projects/default/evaluations?limit=500'),
    );
    // Bootstrap intervals of many resamples make a job that runs for seconds.
    const res = await h.call(
      '/v1/projects/default/evaluations',
      evaluationBody(
        { id: csvDataset.id },
        {
          async: true,
          metrics: ['r2', 'mse', 'rmse', 'mae', 'explainedVariance', 'medianAbsoluteError'].map(
            (name) => ({ name }),
          ),
          confidence: { nResamples: 100000, seed: 1 },
        },
      ),
    );
    const { id } = await readJson<Job>(res);
    const cancel = await h.call(`/v1/projects/default/jobs/${id}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(202);
    const done = await waitForJob(h, id);
    expect(done.status).toBe('cancelled');
    expect(done.evaluationId).toBeNull();
    const after = await readJson<{ items: unknown[] }>(
      await h.call('/v1/projects/default/evaluations?limit=500'),
    );
    expect(after.items.length).toBe(before.items.length);
    const again = await h.call(`/v1/projects/default/jobs/${id}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
  });

  it('explains a registered version within the request and as a job, with the same values', async () => {
    const body = {
      method: 'shap',
      model: { name: 'progression', version: 1 },
      input: { background: diabetesRows.slice(0, 20), instances: diabetesRows.slice(20, 23) },
      params: { method: 'exact' },
    };
    const direct = await h.call('/v1/projects/default/explanations', json(body));
    expect(direct.status, await direct.clone().text()).toBe(200);
    const explanation = await readJson<{ values: number[][] }>(direct);
    // A linear model's exact SHAP value: coef_j × (x_j − mean of the background's column j).
    const mean = (j: number) =>
      diabetesRows.slice(0, 20).reduce((s, r) => s + (r[j] as number), 0) / 20;
    const x = diabetesRows[20] as number[];
    explanation.values[0]?.forEach((v, j) => {
      expect(v).toBeCloseTo((COEF[j] as number) * ((x[j] as number) - mean(j)), 8);
    });
    const res = await h.call('/v1/projects/default/explanations', json({ ...body, async: true }));
    expect(res.status).toBe(202);
    const done = await waitForJob(h, (await readJson<Job>(res)).id);
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    expect((done.result as { values: number[][] }).values).toEqual(explanation.values);
    expect(done.progress.fraction).toBe(1);
  });

  it('explains with inputs read from a stored dataset: the same importances as inline data', async () => {
    const features = csvDataset.columns.slice(0, 10);
    const params = { nRepeats: 2, seed: 0, scoring: 'r2' };
    const inline = await h.call(
      '/v1/projects/default/explanations',
      json({
        method: 'permutationImportance',
        model: { name: 'progression' },
        input: {
          X: diabetesRows.slice(0, 200),
          y: diabetesCsv
            .trim()
            .split('\n')
            .slice(1, 201)
            .map((line) => Number(line.split(',')[10])),
        },
        params,
      }),
    );
    expect(inline.status, await inline.clone().text()).toBe(200);
    const res = await h.call(
      '/v1/projects/default/explanations',
      json({
        method: 'permutationImportance',
        model: { name: 'progression' },
        input: {
          X: { dataset: csvDataset.id, columns: features, rows: { end: 200 } },
          y: { dataset: csvDataset.id, column: 'progression', rows: { end: 200 } },
        },
        params,
        async: true,
      }),
    );
    expect(res.status).toBe(202);
    const job = await readJson<Job>(res);
    expect(JSON.stringify(job).length).toBeLessThan(2000); // the job stores references, not data
    const done = await waitForJob(h, job.id);
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    const expected = (await readJson<{ values: number[] }>(inline)).values;
    expect((done.result as { values: number[] }).values).toEqual(expected);
    const wrong = await h.call(
      '/v1/projects/default/explanations',
      json({
        method: 'permutationImportance',
        model: { name: 'progression' },
        input: { X: { dataset: csvDataset.id, columns: ['nope'] }, y: [1] },
      }),
    );
    expect(wrong.status).toBe(400);
    expect((await readJson<ProblemBody>(wrong)).detail).toMatch(
      /body.input.X: the dataset has no column 'nope'/,
    );
  });

  it('gives a retried keyed request its first job back, and refuses the key for another request', async () => {
    const keyed = (key: string, body: RequestInit) => ({
      ...body,
      headers: { ...(body.headers as Record<string, string>), 'idempotency-key': key },
    });
    const datasets = async () =>
      (
        await readJson<{ items: Dataset[] }>(
          await h.call('/v1/projects/default/datasets?limit=500'),
        )
      ).items.length;
    const small =
      'age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression\n59,2,32.1,101,157,93.2,38,4,4.8598,87,151\n';
    const body = evaluationBody({ format: 'csv', content: small });
    const first = await h.call('/v1/projects/default/evaluations', keyed('cell-1', body));
    expect(first.status, await first.clone().text()).toBe(202); // keyed: a job, however small
    const job = await readJson<Job>(first);
    const before = await datasets();
    const retry = await h.call('/v1/projects/default/evaluations', keyed('cell-1', body));
    expect(retry.status).toBe(202);
    expect((await readJson<Job>(retry)).id).toBe(job.id);
    expect(await datasets()).toBe(before); // the retry stored nothing
    const other = await h.call(
      '/v1/projects/default/evaluations',
      keyed('cell-1', evaluationBody({ id: csvDataset.id })),
    );
    expect(other.status).toBe(409);
    const sync = await h.call(
      '/v1/projects/default/evaluations',
      keyed('cell-2', evaluationBody({ id: csvDataset.id }, { async: false })),
    );
    expect(sync.status).toBe(400);
    expect((await waitForJob(h, job.id)).status).toBe('succeeded');
    const explain = json({
      method: 'shap',
      model: { name: 'progression' },
      input: { background: diabetesRows.slice(0, 5), instances: diabetesRows.slice(5, 6) },
    });
    const a = await h.call('/v1/projects/default/explanations', keyed('explain-1', explain));
    const b = await h.call('/v1/projects/default/explanations', keyed('explain-1', explain));
    expect([a.status, b.status]).toEqual([202, 202]);
    expect((await readJson<Job>(a)).id).toBe((await readJson<Job>(b)).id);
  });

  it('refuses a metric asked for twice before anything runs', async () => {
    const res = await h.call(
      '/v1/projects/default/evaluations',
      evaluationBody(
        { id: csvDataset.id },
        { async: true, metrics: [{ name: 'r2' }, { name: 'r2' }] },
      ),
    );
    expect(res.status).toBe(400);
    expect((await readJson<ProblemBody>(res)).errors[0]).toMatchObject({
      path: 'body.metrics.1.name',
    });
  });

  it('lists jobs by status and kind, and hides them from other projects', async () => {
    const failed = await readJson<{ items: Job[] }>(
      await h.call('/v1/projects/default/jobs?status=failed&kind=evaluation'),
    );
    expect(failed.items.length).toBeGreaterThanOrEqual(1);
    expect(failed.items.every((j) => j.status === 'failed' && j.kind === 'evaluation')).toBe(true);
    const bad = await h.call('/v1/projects/default/jobs?status=done');
    expect(bad.status).toBe(400);
    const other = await h.call('/v1/projects/elsewhere/jobs');
    expect(other.status).toBe(404);
  });

  it('exposes the queue depth by state to Prometheus', async () => {
    const text = await (await h.call('/metrics', { key: null })).text();
    expect(text).toMatch(/assay_jobs\{status="queued"\} \d+/);
    const succeeded = Number(/assay_jobs\{status="succeeded"\} (\d+)/.exec(text)?.[1]);
    expect(succeeded).toBeGreaterThanOrEqual(5);
    // the runs of this process, by outcome
    expect(text).toMatch(/assay_job_runs_total\{kind="evaluation",outcome="failed"\} [1-9]/);
    expect(text).toMatch(/assay_job_runs_total\{kind="evaluation",outcome="succeeded"\} [1-9]/);
  });

  it('reports where jobs run in /readyz', async () => {
    const ready = await readJson<{ status: string; jobs: string }>(await h.call('/readyz'));
    expect(ready).toMatchObject({ status: 'ready', jobs: 'in-process' });
  });
});
