import type { IncomingMessage, ServerResponse } from 'node:http';
import { createDataTable, evaluateTextModel, type TextEvaluatedMetric } from '@assay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  json,
  type ProblemBody,
  readJson,
  registerSpecVersion,
  startHarness,
} from './harness.js';
import { type ModelServer, startModelServer } from './model-server.js';

// Text batch tests (issue 15, item 0): outputs from a remote text endpoint (KServe v2 BYTES or an
// OpenAI-compatible completions server) or from a stored column, scored with BLEU, chrF, TER and
// ROUGE and stored as an evaluation; the endpoints are real HTTP servers on 127.0.0.1, allowed by
// ASSAY_REMOTE_ALLOWED_HOSTS.

/** What both endpoints answer to a prompt: deterministic, close to but not the reference. */
const answer = (prompt: string) => prompt.replace(/^translate: /, '').replace(/\bcat\b/g, 'dog');

let endpoint: ModelServer;

function handler(req: IncomingMessage, res: ServerResponse): void {
  let raw = '';
  req.on('data', (chunk) => {
    raw += chunk;
  });
  req.on('end', () => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const body = raw === '' ? {} : JSON.parse(raw);
    if (req.url === '/v2/models/writer/infer') {
      const input = body.inputs[0];
      send(200, {
        outputs: [
          {
            name: 'text_output',
            datatype: 'BYTES',
            shape: input.shape,
            data: input.data.map(answer),
          },
        ],
      });
    } else if (req.url === '/v1/completions' && body.model === 'writer') {
      send(200, {
        choices: (body.prompt as string[]).map((p, index) => ({ index, text: answer(p) })),
      });
    } else {
      send(503, { error: 'SECRET-UPSTREAM-BODY overloaded' });
    }
  });
}

beforeAll(async () => {
  endpoint = await startModelServer(handler);
});
afterAll(async () => {
  await endpoint?.close();
});

const SENTENCES = [
  'the cat sat on the mat',
  'a cat and a bird saw the river',
  'they ran away quickly over the big house',
  'it is a small red tree',
  'we see the blue fish in the water',
  'the cat was under the green tree',
];
const prompts = SENTENCES.map((s) => `translate: ${s}`);
const refs2 = SENTENCES.map((s) => s.replace('the ', 'a '));
const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;
const CSV = [
  'prompt,reference,reference2,stored',
  ...prompts.map((p, i) =>
    [p, SENTENCES[i], refs2[i], answer(p)].map((c) => csvCell(c as string)).join(','),
  ),
].join('\n');

async function registerText(h: Harness, name: string, descriptor: Record<string, unknown>) {
  expect((await h.call('/v1/projects/default/models', json({ name }))).status).toBe(201);
  return h.call(`/v1/projects/default/models/${name}/versions?format=remote`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: JSON.stringify({ output: { kind: 'text' }, timeoutMs: 5000, ...descriptor }),
  });
}

const run = (h: Harness, body: Record<string, unknown>) =>
  h.call(
    '/v1/projects/default/text-evaluations',
    json({
      dataset: { format: 'csv', content: CSV },
      prompt: 'prompt',
      references: ['reference'],
      ...body,
    }),
  );

interface Stored {
  id: string;
  modelName: string;
  version: number;
  metrics: {
    name: string;
    value: number;
    signature: { signature: string; model: string };
    confidenceInterval?: { lower: number; upper: number; level: number; method: string };
  }[];
}

/** The core's scores of the endpoint's answers, from a table built here (no server involved). */
async function expectedScores(references: string[][]) {
  const report = await evaluateTextModel({
    table: createDataTable([
      { name: 'p', kind: 'label', values: prompts },
      ...(references[0] as string[]).map((_, k) => ({
        name: `r${k}`,
        kind: 'label' as const,
        values: references.map((r) => r[k] as string),
      })),
      { name: 'o', kind: 'label', values: prompts.map(answer) },
    ]),
    prompt: 'p',
    references: (references[0] as string[]).map((_, k) => `r${k}`),
    outputs: 'o',
    confidence: { nResamples: 200, seed: 3 },
  });
  return Object.fromEntries(report.metrics.map((m) => [m.name, m])) as Record<
    string,
    TextEvaluatedMetric
  >;
}

describe('text batch tests with an allowed endpoint (ASSAY_REMOTE_ALLOWED_HOSTS=127.0.0.1)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ASSAY_REMOTE_ALLOWED_HOSTS: '127.0.0.1' });
    expect(
      (
        await registerText(h, 'kserve', {
          url: endpoint.url,
          protocol: 'kserve-v2',
          modelName: 'writer',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await registerText(h, 'openai', {
          url: endpoint.url,
          protocol: 'openai-completions',
          modelName: 'writer',
          batchSize: 4,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await registerText(h, 'refusing', {
          url: endpoint.url,
          protocol: 'openai-completions',
          modelName: 'other',
        })
      ).status,
    ).toBe(201);
    await registerSpecVersion(h, 'numeric', { type: 'linear', coef: [1], intercept: 0 });
  });
  afterAll(() => h?.close());

  for (const model of ['kserve', 'openai']) {
    it(`${model}: scores the endpoint's outputs, stores them, GET shows metrics, signatures and intervals`, async () => {
      const res = await run(h, {
        model,
        references: ['reference', 'reference2'],
        confidence: { nResamples: 200, seed: 3 },
      });
      expect(res.status, await res.clone().text()).toBe(201);
      const { evaluation, report } = await readJson<{
        evaluation: Stored;
        report: { model: string; rows: number };
      }>(res);
      expect(res.headers.get('location')).toBe(`/v1/projects/default/evaluations/${evaluation.id}`);
      expect(report).toMatchObject({
        model: model === 'kserve' ? 'remote:kserve-v2-text' : 'remote:openai-completions',
        rows: 6,
      });
      const stored = await readJson<Stored>(
        await h.call(`/v1/projects/default/evaluations/${evaluation.id}`),
      );
      expect(stored).toMatchObject({ modelName: model, version: 1 });
      expect(stored.metrics.map((m) => m.name)).toEqual([
        'bleu',
        'chrf',
        'ter',
        'rouge1',
        'rouge2',
        'rougeL',
      ]);
      const want = await expectedScores(SENTENCES.map((s, i) => [s, refs2[i] as string]));
      for (const m of stored.metrics) {
        const w = want[m.name] as TextEvaluatedMetric;
        expect(m.value, m.name).toBeCloseTo(w.value, 12);
        expect(m.signature.signature).toBe(w.signature);
        expect(m.confidenceInterval).toEqual({
          lower: w.confidenceInterval?.low,
          upper: w.confidenceInterval?.high,
          level: 0.95,
          method: 'bootstrap-sacrebleu',
        });
      }
      expect(stored.metrics[0]?.signature.signature).toMatch(
        /^nrefs:2\|bs:200\|seed:3\|case:mixed\|/,
      );
    });
  }

  it('scores a column of stored outputs without calling any model (any version may own it)', async () => {
    const res = await run(h, { model: 'numeric', outputs: 'stored', metrics: [{ name: 'bleu' }] });
    expect(res.status, await res.clone().text()).toBe(201);
    const { evaluation } = await readJson<{ evaluation: Stored }>(res);
    const want = await expectedScores(SENTENCES.map((s) => [s]));
    expect(evaluation.metrics).toHaveLength(1);
    expect(evaluation.metrics[0]?.value).toBeCloseTo((want.bleu as TextEvaluatedMetric).value, 12);
    expect(evaluation.metrics[0]?.signature.model).toBe('column:stored');
  });

  it('scores number-like cells as the CSV writes them (1.50 stays 1.50); a JSON number is refused', async () => {
    // The stored outputs are all number-like: read as numbers they would be 1.5, 7 and 1000.
    const refs = ['1.50', '007', 'n/a', '1e3'];
    const outs = ['1.50', '007', '8', '1e3'];
    const content = `p,ref,out\n${refs.map((r, i) => `q${i},${r},${outs[i]}`).join('\n')}\n`;
    const res = await run(h, {
      model: 'numeric',
      dataset: { format: 'csv', content },
      prompt: 'p',
      references: ['ref'],
      outputs: 'out',
      metrics: [{ name: 'chrf' }, { name: 'bleu' }],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { evaluation } = await readJson<{ evaluation: Stored }>(res);
    const scored = async (values: string[]) => {
      const report = await evaluateTextModel({
        table: createDataTable([
          { name: 'p', kind: 'label', values: ['q0', 'q1', 'q2', 'q3'] },
          { name: 'ref', kind: 'label', values: refs },
          { name: 'out', kind: 'label', values },
        ]),
        prompt: 'p',
        references: ['ref'],
        outputs: 'out',
        metrics: [{ name: 'chrf' }, { name: 'bleu' }],
      });
      return report.metrics.map((m) => m.value);
    };
    const values = evaluation.metrics.map((m) => m.value);
    expect(values).toEqual(await scored(outs));
    expect(values).not.toEqual(await scored(['1.5', '7', '8', '1000']));
    const json = await run(h, {
      model: 'numeric',
      dataset: {
        format: 'json',
        content: '{"columns":["p","ref","out"],"rows":[["q0","1.50",1.50]]}',
      },
      prompt: 'p',
      references: ['ref'],
      outputs: 'out',
    });
    expect(json.status, await json.clone().text()).toBe(400);
    expect((await readJson<ProblemBody>(json)).detail).toContain(
      `column 'out' is read as text, but rows[0] holds the JSON number 1.5 there`,
    );
  });

  it('runs as a job when asked (async: true) and stores the same report', async () => {
    const res = await run(h, { model: 'openai', async: true, metrics: [{ name: 'chrf' }] });
    expect(res.status, await res.clone().text()).toBe(202);
    const { id, kind } = await readJson<{ id: string; kind: string }>(res);
    expect(kind).toBe('text-evaluation');
    let job: { status: string; evaluationId?: string; error?: unknown } = { status: 'queued' };
    for (let i = 0; i < 300 && !['succeeded', 'failed', 'cancelled'].includes(job.status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await readJson(await h.call(`/v1/projects/default/jobs/${id}`));
    }
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const stored = await readJson<Stored>(
      await h.call(`/v1/projects/default/evaluations/${job.evaluationId}`),
    );
    const want = await expectedScores(SENTENCES.map((s) => [s]));
    expect(stored.metrics[0]?.value).toBeCloseTo((want.chrf as TextEvaluatedMetric).value, 12);
  });

  it('400: a missing column, named, with the dataset’s columns', async () => {
    const res = await run(h, { model: 'kserve', references: ['answer'] });
    expect(res.status).toBe(400);
    const problem = await readJson<ProblemBody>(res);
    expect(problem.detail).toBe(
      "the reference column 'answer' is not in the dataset (its columns: 'prompt', 'reference', 'reference2', 'stored')",
    );
    expect(problem.errors).toEqual([{ path: 'references.0', message: problem.detail }]);
  });

  it('400: a version that is not a text model, unless outputs are stored', async () => {
    const res = await run(h, { model: 'numeric' });
    expect(res.status).toBe(400);
    const problem = await readJson<ProblemBody>(res);
    expect(problem.detail).toMatch(
      /^version 1 of model 'numeric' is not a text model \(a json model\)/,
    );
    // and a text model is refused by the numeric paths, saying where it belongs
    const predict = await h.call(
      '/v1/projects/default/models/kserve/predict',
      json({ rows: [[1]] }),
    );
    expect(predict.status).toBe(400);
    expect((await readJson<ProblemBody>(predict)).detail).toMatch(
      /is a text model .*text-evaluations/,
    );
  });

  it('422: an endpoint that refuses, with its status and none of its text', async () => {
    const res = await run(h, { model: 'refusing' });
    expect(res.status).toBe(422);
    const problem = await readJson<ProblemBody>(res);
    expect(problem.detail).toBe(
      `The version's text endpoint failed: remote model ${endpoint.url}/v1/completions answered HTTP 503`,
    );
    expect(JSON.stringify(problem)).not.toContain('SECRET');
  });

  it('400: bad bodies (no references, an unknown metric) say what to fix', async () => {
    const none = await run(h, { model: 'kserve', references: [] });
    expect(none.status).toBe(400);
    const unknown = await run(h, { model: 'kserve', metrics: [{ name: 'meteor' }] });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await readJson(unknown))).toContain('metrics');
  });
});

describe('text endpoints the outbound policy does not allow (ASSAY_REMOTE_ALLOWED_HOSTS unset)', () => {
  let h: Harness;
  let flipTo = '93.184.216.34';
  beforeAll(async () => {
    h = await startHarness(
      {},
      {
        resolver: async (name) => [
          { address: name.startsWith('flip.test') ? flipTo : '127.0.0.1' },
        ],
      },
    );
  });
  afterAll(() => h?.close());

  it('400 outbound-refused at registration', async () => {
    const res = await registerText(h, 'local', {
      url: endpoint.url,
      protocol: 'kserve-v2',
      modelName: 'writer',
    });
    expect(res.status).toBe(400);
    const problem = await readJson<ProblemBody>(res);
    expect(problem.type).toMatch(/outbound-refused/);
    expect(problem.detail).toMatch(/127\.0\.0\.1 is a loopback address/);
  });

  it('400 invalid-artifact naming the field of a malformed text descriptor', async () => {
    const res = await registerText(h, 'malformed', {
      url: 'http://flip.test',
      protocol: 'grpc',
      modelName: 'writer',
    });
    expect(res.status).toBe(400);
    expect((await readJson<ProblemBody>(res)).detail).toMatch(
      /^invalid remote text model descriptor: protocol: /,
    );
  });

  // The compute thread resolves with the system's DNS (the test's resolver stays in this process),
  // where `flip.test` has no address: refused at call time all the same, and said so.
  it('422 naming the refusal when the target is not allowed at call time', async () => {
    const url = `http://flip.test:${endpoint.port}`;
    expect(
      (await registerText(h, 'flipped', { url, protocol: 'kserve-v2', modelName: 'writer' }))
        .status,
    ).toBe(201);
    flipTo = '127.0.0.1';
    const res = await run(h, { model: 'flipped' });
    expect(res.status).toBe(422);
    expect((await readJson<ProblemBody>(res)).detail).toMatch(
      /^The version's text endpoint failed: remote model http:\/\/flip\.test:\d+\/v2\/models\/writer\/infer refused: /,
    );
  });
});

describe('a text batch test larger than a request runs (ASSAY_SYNC_MAX_ROWS=4)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ASSAY_SYNC_MAX_ROWS: '4' });
    await registerSpecVersion(h, 'numeric', { type: 'linear', coef: [1], intercept: 0 });
  });
  afterAll(() => h?.close());

  it('becomes a job by itself (202); async: false keeps it within the request (201)', async () => {
    const res = await run(h, { model: 'numeric', outputs: 'stored', metrics: [{ name: 'ter' }] });
    expect(res.status, await res.clone().text()).toBe(202);
    expect((await readJson<{ kind: string }>(res)).kind).toBe('text-evaluation');
    const sync = await run(h, {
      model: 'numeric',
      outputs: 'stored',
      metrics: [{ name: 'ter' }],
      async: false,
    });
    expect(sync.status, await sync.clone().text()).toBe(201);
  });
});
