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

// scikit-learn 1.2.1 LogisticRegression on four columns of breast_cancer.csv (the core's
// evaluateModel test has the same coefficients and their reference values).
const MODEL = {
  type: 'logistic',
  coef: [0.986574, 0.215202, 0.800123, 3.370235],
  intercept: -19.273904,
  classes: ['benign', 'malignant'],
  featureNames: ['mean_radius', 'mean_texture', 'mean_smoothness', 'worst_concave_points'],
};
const breastCancer = readFileSync(
  fileURLToPath(new URL('../../../fixtures/datasets/breast_cancer.csv', import.meta.url)),
  'utf8',
);
const columns = (breastCancer.split('\n')[0] as string).split(',');

// The core's ONNX fixture (a scikit-learn LogisticRegression exported by skl2onnx).
const onnxBytes = readFileSync(
  fileURLToPath(new URL('../../../packages/core/test/fixtures/logistic.onnx', import.meta.url)),
);

/** What `model.save('file://…')` writes as model.json: a TF.js model, not an ONNX file. */
const tfjsModelJson = JSON.stringify({
  format: 'layers-model',
  generatedBy: 'keras v2.12.0',
  convertedBy: 'TensorFlow.js Converter v4.4.0',
  modelTopology: { class_name: 'Sequential', config: { name: 'sequential', layers: [] } },
  weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }],
});

/** 512 bytes from a fixed linear congruential sequence: "random" but the same every run. */
const randomBytes = (() => {
  const out = new Uint8Array(512);
  let s = 12345;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out[i] = s >>> 16;
  }
  return out;
})();

interface Metric {
  name: string;
  value: number | null;
  result?: Record<string, unknown>;
}
interface Evaluation {
  id: string;
  version: number;
  metrics: Metric[];
}
interface Job {
  id: string;
  status: string;
  result: { report: { metrics: Metric[] } } | null;
  evaluationId: string | null;
}

describe('uploads, evidence and batch-test requests are checked before anything is kept', () => {
  let h: Harness;
  const upload = (model: string, format: string, body: Uint8Array | string) =>
    h.call(`/v1/projects/default/models/${model}/versions?format=${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
  const versionsOf = async (model: string) =>
    (
      await readJson<{ items: { number: number }[] }>(
        await h.call(`/v1/projects/default/models/${model}/versions`),
      )
    ).items.map((v) => v.number);
  const count = async (what: 'jobs' | 'datasets') =>
    (await readJson<{ items: unknown[] }>(await h.call(`/v1/projects/default/${what}?limit=100`)))
      .items.length;
  const evaluate = (body: Record<string, unknown>) =>
    h.call(
      '/v1/projects/default/evaluations',
      json({
        model: 'tumour',
        version: 1,
        dataset: { format: 'csv', content: breastCancer },
        target: 'diagnosis',
        metrics: [{ name: 'accuracy' }],
        ...body,
      }),
    );

  beforeAll(async () => {
    // A small sync limit and a quick poll: jobs run in-process, soon after they are queued.
    // The remote descriptors below name a .invalid host: allowed by pattern, so the outbound policy
    // does not look it up (a lookup would fail: the upload must make no network call anyway).
    h = await startHarness({
      ASSAY_JOB_POLL_MS: '200',
      ASSAY_REMOTE_ALLOWED_HOSTS: '*.example.invalid',
    });
    await registerSpecVersion(h, 'tumour', MODEL);
    expect((await upload('tumour', 'json', JSON.stringify(MODEL))).status).toBe(201);
  });
  afterAll(() => h?.close());

  describe('an upload that does not load as its declared format is refused with the loader’s message', () => {
    it.each([
      [
        'a TF.js model.json as onnx',
        'onnx',
        tfjsModelJson,
        /format=onnx: not a loadable ONNX model/,
      ],
      ['random bytes as onnx', 'onnx', randomBytes, /format=onnx: not a loadable ONNX model/],
      [
        'random bytes as tfjs',
        'tfjs',
        randomBytes,
        /format=tfjs: the tfjs bundle is not UTF-8 text/,
      ],
      [
        'random bytes as json',
        'json',
        randomBytes,
        /format=json: the json model spec is not UTF-8/,
      ],
      ['truncated JSON as json', 'json', '{"type": "linear", "coef": [1,', /is not valid JSON/],
      [
        'JSON that is not a spec',
        'json',
        '{"type": "forest", "trees": []}',
        /format=json: invalid model spec: model\.type/,
      ],
      [
        'a bare TF.js model.json as tfjs (not the one-file bundle)',
        'tfjs',
        tfjsModelJson,
        /format=tfjs: a tfjs artifact is one JSON file \{ "format": "assay-tfjs-bundle"/,
      ],
      [
        'a remote descriptor without a model name',
        'remote',
        '{"url": "http://kserve.example.invalid:8080", "protocol": "kserve-v2", "nFeatures": 4}',
        /format=remote: invalid remote model descriptor: modelName/,
      ],
    ])('%s → 400, and no version is kept', async (_what, format, body, detail) => {
      const res = await upload('tumour', format, body);
      expect(res.status, await res.clone().text()).toBe(400);
      const problem = await readJson<ProblemBody>(res);
      expect(problem.type).toBe('https://assay.dev/problems/invalid-artifact');
      expect(problem.detail).toMatch(detail);
      expect(await versionsOf('tumour')).toEqual([2, 1]);
    });

    it('an ONNX classifier whose input signature has the wrong width → 400', async () => {
      const form = new FormData();
      form.append(
        'metadata',
        JSON.stringify({
          inputSignature: { features: [{ name: 'a', type: 'numeric' }] },
          outputSignature: { kind: 'probability', classes: [0, 1] },
        }),
      );
      form.append('artifact', new Blob([onnxBytes]));
      const res = await h.call('/v1/projects/default/models/tumour/versions?format=onnx', {
        method: 'POST',
        body: form,
      });
      expect(res.status).toBe(400);
      expect((await readJson<ProblemBody>(res)).detail).toMatch(
        /^the artifact does not load as format=onnx: featureNames has 1 names but the ONNX input has 3 features/,
      );
    });

    it('a well-formed remote descriptor is accepted without calling the endpoint', async () => {
      expect((await h.call('/v1/projects/default/models', json({ name: 'served' }))).status).toBe(
        201,
      );
      // A .invalid name never resolves (RFC 6761): a network call at upload would fail.
      const res = await upload(
        'served',
        'remote',
        '{"url": "http://kserve.example.invalid:8080", "protocol": "kserve-v2", "modelName": "m", "nFeatures": 4}',
      );
      expect(res.status, await res.clone().text()).toBe(201);
    });

    it('the newest version is still the good one: version-less predictions use it', async () => {
      const res = await h.call(
        '/v1/projects/default/models/tumour/predict',
        json({ rows: [[17.99, 10.38, 0.1184, 0.2654]] }),
      );
      expect(res.status, await res.clone().text()).toBe(200);
      expect((await readJson<{ version: number; predicted: string[] }>(res)).version).toBe(2);
    });
  });

  describe('an alias move cites evidence about the version it moves to', () => {
    it('refuses an evaluation of another version (400 saying so) and accepts one of this version', async () => {
      const res = await evaluate({});
      expect(res.status, await res.clone().text()).toBe(201);
      const { evaluation } = await readJson<{ evaluation: Evaluation }>(res);
      expect(evaluation.version).toBe(1);
      const move = (version: number) =>
        h.call('/v1/projects/default/models/tumour/aliases/production', {
          ...json({ version, evaluationId: evaluation.id, reason: 'accuracy 0.90' }),
          method: 'PUT',
        });
      const refused = await move(2);
      expect(refused.status).toBe(400);
      expect((await readJson<ProblemBody>(refused)).detail).toMatch(
        /^Evaluation \S+ evaluated version 1 of model "tumour", not version 2: an alias move can cite only an evaluation of the version it points the alias at/,
      );
      expect((await h.call('/v1/projects/default/models/tumour/aliases/production')).status).toBe(
        404,
      );
      expect((await move(1)).status).toBe(200);
    });
  });

  describe('metric names and columns are checked before a job is queued', () => {
    it.each([
      ['async (a job)', { async: true }],
      ['within the request', { async: false }],
    ])(
      'an unknown metric, %s → 400 listing the known metrics; no job, no dataset',
      async (_how, mode) => {
        const [jobs, datasets] = [await count('jobs'), await count('datasets')];
        const res = await evaluate({
          ...mode,
          metrics: [{ name: 'accuracy' }, { name: 'acuracy' }],
        });
        expect(res.status).toBe(400);
        const problem = await readJson<ProblemBody & { title: string }>(res);
        expect(problem.title).toBe('Bad Request');
        expect(problem.detail).toMatch(
          /^unknown metric 'acuracy'; the metrics a batch test computes are accuracy, .*rocAuc/,
        );
        expect(problem.errors).toContainEqual({
          path: 'metrics.1.name',
          message: "'acuracy' is not a registered metric",
        });
        expect([await count('jobs'), await count('datasets')]).toEqual([jobs, datasets]);
      },
    );

    it('a missing target column (stored dataset, as a job) → 400 naming the columns present; no job', async () => {
      const stored = await h.call('/v1/projects/default/datasets?format=csv', {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: breastCancer,
      });
      expect(stored.status, await stored.clone().text()).toBe(201);
      const { id } = await readJson<{ id: string }>(stored);
      const jobs = await count('jobs');
      const res = await evaluate({ async: true, dataset: { id }, target: 'diagnosys' });
      expect(res.status).toBe(400);
      const problem = await readJson<ProblemBody>(res);
      expect(problem.detail).toBe(
        `the dataset has no column 'diagnosys'; its columns are ${columns.map((c) => `'${c}'`).join(', ')}`,
      );
      expect(problem.errors[0]?.path).toBe('target');
      expect(await count('jobs')).toBe(jobs);
    });
  });

  describe('a stored evaluation keeps its matrices and curves', () => {
    const STRUCTURED = ['confusionMatrix', 'rocCurve', 'precisionRecallCurve', 'calibrationCurve'];
    const metrics = [{ name: 'accuracy' }, ...STRUCTURED.map((name) => ({ name }))];
    const byName = (list: Metric[]) => Object.fromEntries(list.map((m) => [m.name, m.result]));

    it('within the request: GET …/evaluations/{id} and the list answer the results the POST did', async () => {
      const res = await evaluate({ metrics });
      expect(res.status, await res.clone().text()).toBe(201);
      const posted = await readJson<{ evaluation: Evaluation; report: { metrics: Metric[] } }>(res);
      const reported = byName(posted.report.metrics);
      for (const name of STRUCTURED) expect(reported[name]).toBeTypeOf('object');
      expect(
        (reported.confusionMatrix as { matrix: number[][] }).matrix.flat().reduce((a, b) => a + b),
      ).toBe(569);

      const stored = await readJson<Evaluation>(
        await h.call(`/v1/projects/default/evaluations/${posted.evaluation.id}`),
      );
      const kept = byName(stored.metrics);
      for (const name of STRUCTURED) expect(kept[name], name).toEqual(reported[name]);
      expect(kept.accuracy).toBeUndefined(); // a plain value needs no result
      expect(stored.metrics.find((m) => m.name === 'accuracy')?.value).toBeCloseTo(
        0.9033391915641477,
        12,
      );

      const listed = await readJson<{ items: Evaluation[] }>(
        await h.call('/v1/projects/default/evaluations?model=tumour&version=1&limit=100'),
      );
      const row = listed.items.find((e) => e.id === posted.evaluation.id) as Evaluation;
      expect(byName(row.metrics)).toEqual(kept);
    });

    it('as a job: the stored evaluation answers the results of the job’s report', async () => {
      const res = await evaluate({ metrics, async: true });
      expect(res.status, await res.clone().text()).toBe(202);
      let job = await readJson<Job>(res);
      for (let i = 0; i < 600 && !['succeeded', 'failed', 'cancelled'].includes(job.status); i++) {
        await new Promise((r) => setTimeout(r, 100));
        job = await readJson<Job>(await h.call(`/v1/projects/default/jobs/${job.id}`));
      }
      expect(job.status, JSON.stringify(job)).toBe('succeeded');
      const reported = byName(job.result?.report.metrics ?? []);
      const stored = await readJson<Evaluation>(
        await h.call(`/v1/projects/default/evaluations/${job.evaluationId}`),
      );
      const kept = byName(stored.metrics);
      for (const name of STRUCTURED) {
        expect(kept[name], name).toBeTypeOf('object');
        expect(kept[name], name).toEqual(reported[name]);
      }
    });
  });
});
