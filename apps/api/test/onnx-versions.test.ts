import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, type ProblemBody, readJson, startHarness } from './harness.js';

// The core's ONNX fixture: a scikit-learn LogisticRegression exported as skl2onnx does
// (outputs `label`, then `probabilities` N × 2), with its expected P(class 1) from numpy
// (packages/core/test/fixtures/make_onnx_fixtures.py).
const fixtures = new URL('../../../packages/core/test/fixtures/', import.meta.url);
const onnxBytes = readFileSync(fileURLToPath(new URL('logistic.onnx', fixtures)));
const ref = JSON.parse(readFileSync(fileURLToPath(new URL('onnx-fixtures.json', fixtures)), 'utf8'))
  .logistic as { X: number[][]; expected: number[] };

// Labels: the model's own decisions with the first one flipped, so accuracy is 5/6.
const labels = ref.expected.map((p, i) => ((p > 0.5 ? 1 : 0) ^ (i === 0 ? 1 : 0)) as 0 | 1);
const csv = `a,b,c,y\n${ref.X.map((row, i) => [...row, labels[i]].join(',')).join('\n')}\n`;

const metadata = {
  description: 'logistic regression exported to ONNX',
  tags: { framework: 'sklearn' },
  inputSignature: { features: ['a', 'b', 'c'].map((name) => ({ name, type: 'numeric' })) },
  outputSignature: { kind: 'probability', classes: [0, 1] },
};

function form(fields: Record<string, string>, file?: Uint8Array): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  if (file) body.append('artifact', new Blob([file]), 'model.onnx');
  return body;
}

describe('an ONNX classifier uploaded with its signatures (multipart)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    expect((await h.call('/v1/projects/default/models', json({ name: 'clf' }))).status).toBe(201);
  });
  afterAll(() => h?.close());

  it('stores the signatures and tags sent in the form’s metadata field', async () => {
    const res = await h.call('/v1/projects/default/models/clf/versions?format=onnx', {
      method: 'POST',
      body: form({ metadata: JSON.stringify(metadata) }, onnxBytes),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const version = await readJson<Record<string, unknown>>(res);
    expect(version).toMatchObject({
      number: 1,
      format: 'onnx',
      tags: metadata.tags,
      inputSignature: metadata.inputSignature,
      outputSignature: metadata.outputSignature,
    });
  });

  it('predicts P(class 1) from the probabilities output, as numpy does', async () => {
    const res = await h.call(
      '/v1/projects/default/models/clf/predict',
      json({ version: 1, rows: ref.X }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await readJson<{ kind: string; outputs: number[][] }>(res);
    body.outputs.forEach((row, i) => {
      expect(Math.abs((row[0] as number) - (ref.expected[i] as number))).toBeLessThan(1e-6);
    });
  });

  it('evaluates it within the request and as a job, to the same accuracy', async () => {
    const request = {
      model: 'clf',
      version: 1,
      dataset: { format: 'csv', content: csv },
      target: 'y',
      metrics: [{ name: 'accuracy' }],
    };
    const direct = await h.call('/v1/projects/default/evaluations', json(request));
    expect(direct.status, await direct.clone().text()).toBe(201);
    const { evaluation } = await readJson<{ evaluation: { metrics: { value: number }[] } }>(direct);
    expect(evaluation.metrics[0]?.value).toBeCloseTo(5 / 6, 12);
    const queued = await h.call(
      '/v1/projects/default/evaluations',
      json({ ...request, async: true }),
    );
    expect(queued.status).toBe(202);
    const { id } = await readJson<{ id: string }>(queued);
    let job: { status: string; evaluationId: string | null; error: unknown } | undefined;
    for (let i = 0; i < 300; i++) {
      job = await readJson(await h.call(`/v1/projects/default/jobs/${id}`));
      if (job && !['queued', 'running'].includes(job.status)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job?.status, JSON.stringify(job?.error)).toBe('succeeded');
    const stored = await readJson<{ metrics: { value: number }[] }>(
      await h.call(`/v1/projects/default/evaluations/${job?.evaluationId}`),
    );
    expect(stored.metrics[0]?.value).toBeCloseTo(5 / 6, 12);
  });

  it('refuses a form without the file, bad metadata, or a wrong content type, storing nothing', async () => {
    const url = '/v1/projects/default/models/clf/versions?format=onnx';
    const noFile = await h.call(url, { method: 'POST', body: form({ metadata: '{}' }) });
    expect(noFile.status).toBe(400);
    expect((await readJson<ProblemBody>(noFile)).detail).toMatch(/no 'artifact' file part/);
    const badJson = await h.call(url, { method: 'POST', body: form({ metadata: '{' }, onnxBytes) });
    expect(badJson.status).toBe(400);
    const badSignature = await h.call(url, {
      method: 'POST',
      body: form(
        { metadata: JSON.stringify({ outputSignature: { kind: 'probability', classes: [0] } }) },
        onnxBytes,
      ),
    });
    expect(badSignature.status).toBe(400);
    expect((await readJson<ProblemBody>(badSignature)).errors[0]?.path).toMatch(
      /^metadata\.outputSignature/,
    );
    const text = await h.call(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(text.status).toBe(415);
    const versions = await readJson<{ items: unknown[] }>(
      await h.call('/v1/projects/default/models/clf/versions'),
    );
    expect(versions.items).toHaveLength(1);
  });

  it('refuses an ONNX model whose weights point at a file (external data), storing nothing', async () => {
    // Issue 11, item 1: onnxruntime resolves an external tensor's file against the working
    // directory, so this model (packages/core/test/fixtures/make_external_data_fixtures.py)
    // would answer ./secret.bin's bytes as predictions. It is refused at upload, raw or in a form.
    expect((await h.call('/v1/projects/default/models', json({ name: 'exploit' }))).status).toBe(
      201,
    );
    const url = '/v1/projects/default/models/exploit/versions?format=onnx';
    for (const [name, tensor] of [
      ['external-data.onnx', 'W'],
      ['external-data-subgraph.onnx', 'inner_W'],
    ] as const) {
      const bytes = readFileSync(fileURLToPath(new URL(name, fixtures)));
      for (const body of [bytes, form({}, bytes)]) {
        const res = await h.call(url, {
          method: 'POST',
          ...(body instanceof FormData
            ? { body }
            : { headers: { 'content-type': 'application/octet-stream' }, body }),
        });
        expect(res.status, name).toBe(400);
        const problem = await readJson<ProblemBody>(res);
        expect(problem.detail).toMatch(
          new RegExp(`^ONNX external data is not allowed: tensor '${tensor}' \\(`),
        );
        expect(problem.errors).toEqual([{ path: 'bytes', message: problem.detail }]);
      }
    }
    const versions = await readJson<{ items: unknown[] }>(
      await h.call('/v1/projects/default/models/exploit/versions'),
    );
    expect(versions.items).toEqual([]);
  });

  it('stops a multipart upload larger than the limit with a 413', async () => {
    const small = await startHarness({ ASSAY_MAX_ARTIFACT_BYTES: '1000' });
    try {
      expect((await small.call('/v1/projects/default/models', json({ name: 'm' }))).status).toBe(
        201,
      );
      const res = await small.call('/v1/projects/default/models/m/versions?format=onnx', {
        method: 'POST',
        body: form({}, onnxBytes.length > 1000 ? onnxBytes : new Uint8Array(5000)),
      });
      expect(res.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});
