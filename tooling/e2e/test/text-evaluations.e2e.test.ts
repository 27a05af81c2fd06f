import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createDataTable, evaluateTextModel, type TextEvaluatedMetric } from '@assay/core';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccessibility } from './support/axe.js';
import { type Backend, createBackend } from './support/backends.js';
import { type Running, type RunningApi, startApi, startWeb } from './support/processes.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What both fake endpoints answer: the sentence after "translate: ", with "cat" as "dog". */
const answer = (prompt: string) => prompt.replace(/^translate: /, '').replace(/\bcat\b/g, 'dog');

const SENTENCES = [
  'the cat sat on the mat',
  'a cat and a bird saw the river',
  'they ran away quickly over the big house',
  'it is a small red tree',
  'we see the blue fish in the water',
  'the cat was under the green tree',
  'you saw a big dog by the river',
  'the red bird is over the house',
];
const PROMPTS = SENTENCES.map((s) => `translate: ${s}`);
const REF2 = SENTENCES.map((s) => s.replace(/\bthe\b/, 'a'));
/** A column of outputs produced elsewhere: different from what the endpoints answer. */
const STORED = SENTENCES.map((s) => s.split(' ').slice(0, -1).join(' '));
const CSV = `${[
  'prompt,reference,reference2,stored',
  ...SENTENCES.map((_, i) => [PROMPTS[i], SENTENCES[i], REF2[i], STORED[i]].join(',')),
].join('\n')}\n`;

/** A fake server on 127.0.0.1; `handle` answers a parsed JSON body. */
function fakeServer(handle: (url: string, body: Record<string, unknown>) => [number, unknown]) {
  const sockets = new Set<Socket>();
  const calls: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      calls.push(req.url ?? '');
      const [status, body] = handle(req.url ?? '', raw ? JSON.parse(raw) : {});
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return { server, calls, sockets };
}

/** KServe v2 with BYTES tensors: model `writer` answers each prompt. */
const kserve = () =>
  fakeServer((url, body) => {
    if (url !== '/v2/models/writer/infer') return [404, { error: 'no such model' }];
    const input = (body.inputs as { shape: number[]; data: string[] }[])[0] as {
      shape: number[];
      data: string[];
    };
    return [
      200,
      {
        model_name: 'writer',
        outputs: [
          {
            name: 'text_output',
            datatype: 'BYTES',
            shape: input.shape,
            data: input.data.map(answer),
          },
        ],
      },
    ];
  });

/** An OpenAI-compatible completions server: model `writer`, choices in reverse order. */
const openai = () =>
  fakeServer((url, body) => {
    if (url !== '/v1/completions' || body.model !== 'writer')
      return [404, { error: { message: 'model not found' } }];
    if (body.temperature !== 0) return [400, { error: { message: 'expected temperature 0' } }];
    const prompts = body.prompt as string[];
    return [
      200,
      {
        object: 'text_completion',
        choices: prompts
          .map((p, index) => ({ index, text: answer(p), finish_reason: 'stop' }))
          .reverse(),
      },
    ];
  });

/** The core's report of these outputs against both reference columns (no server involved). */
async function expected(outputs: string[], nResamples: number, seed: number) {
  const report = await evaluateTextModel({
    table: createDataTable([
      { name: 'prompt', kind: 'label', values: PROMPTS },
      { name: 'reference', kind: 'label', values: SENTENCES },
      { name: 'reference2', kind: 'label', values: REF2 },
      { name: 'out', kind: 'label', values: outputs },
    ]),
    prompt: 'prompt',
    references: ['reference', 'reference2'],
    outputs: 'out',
    confidence: { nResamples, seed },
  });
  return new Map<string, TextEvaluatedMetric>(report.metrics.map((m) => [m.name, m]));
}

/**
 * A text model's batch test end to end (issue 15, item 0), on the embedded database: a KServe v2
 * BYTES endpoint (through the API) and an OpenAI-compatible completions endpoint (through the
 * portal's version form) — fakes on loopback, allowed by ASSAY_REMOTE_ALLOWED_HOSTS — registered
 * as remote text versions, and a column of stored outputs;
 * each scored through the API (equal to the core on the same outputs, stored, read back by GET),
 * then a test started from the portal's model page, followed on its job page to the report with
 * the text metrics, their sacrebleu signatures and intervals (axe-core: no serious violation).
 */
describe('text batch tests on the embedded database', () => {
  let backend: Backend;
  let api: RunningApi;
  let web: Running;
  let browser: Browser;
  const kserveServer = kserve();
  const openaiServer = openai();
  let datasetId: string;
  const call = async (path: string, method: string, body?: unknown) => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${api.firstKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, text, headers: res.headers };
  };
  const upload = async (descriptor: Record<string, unknown>) => {
    const res = await fetch(`${api.url}/v1/projects/default/models/writer/versions?format=remote`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.firstKey}`,
        'content-type': 'application/octet-stream',
      },
      body: JSON.stringify({
        output: { kind: 'text' },
        modelName: 'writer',
        timeoutMs: 5000,
        ...descriptor,
      }),
    });
    return { status: res.status, body: await res.json() };
  };
  const listen = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: set CHROMIUM_PATH`);
    const [kserveUrl, openaiUrl] = [
      await listen(kserveServer.server),
      await listen(openaiServer.server),
    ];
    backend = await createBackend('embedded');
    api = await startApi({ ...backend.env, ASSAY_REMOTE_ALLOWED_HOSTS: '127.0.0.1' });
    expect((await call('/v1/projects/default/models', 'POST', { name: 'writer' })).status).toBe(
      201,
    );
    const v1 = await upload({ url: kserveUrl, protocol: 'kserve-v2', batchSize: 3 });
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    const dataset = await fetch(`${api.url}/v1/projects/default/datasets?format=csv&name=prompts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.firstKey}`,
        'content-type': 'application/octet-stream',
      },
      body: CSV,
    });
    expect(dataset.status, await dataset.clone().text()).toBe(201);
    datasetId = ((await dataset.json()) as { id: string }).id;
    web = await startWeb(api.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    // v2, the OpenAI-compatible endpoint, is registered through the portal's version form.
    const page = await signedIn();
    await page.goto(`${web.url}/models/writer/versions/new`);
    await page.selectOption('#v-format', 'remote-text');
    await page.selectOption('#v-text-protocol', 'openai-completions');
    await page.fill('#v-text-model', 'writer');
    await page.fill('#v-text-max-tokens', '64');
    await page.fill('#v-text-timeout', '5000');
    await checkAccessibility(page, 'the version form with a text endpoint');
    const submit = 'form[aria-label="Upload a version"] button[type=submit]';
    // The API checks the descriptor: a host outside its outbound allow-list, refused beside the form.
    await page.fill('#v-text-url', 'http://10.1.2.3:9');
    await page.click(submit);
    const refused = page.getByTestId('version-error');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('10.1.2.3');
    await page.fill('#v-text-url', openaiUrl);
    await page.click(submit);
    await page.waitForURL(/\/models\/writer\/versions\/2$/);
    await page.close();
    const v2 = await call('/v1/projects/default/models/writer/versions/2', 'GET');
    expect(v2.status, v2.text).toBe(200);
    expect(v2.body.format).toBe('remote');
  });

  const signedIn = async () => {
    const page = await browser.newPage();
    await page.goto(`${web.url}/login`);
    await page.fill('#apiKey', api.firstKey as string);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/models$/);
    return page;
  };

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await api?.stop();
    await backend?.dispose();
    for (const fake of [kserveServer, openaiServer]) {
      for (const socket of fake.sockets) socket.destroy();
      await new Promise<void>((resolve) => fake.server.close(() => resolve()));
    }
  });

  const cases: [string, Record<string, unknown>, () => string[], string][] = [
    [
      'the KServe v2 BYTES endpoint (v1)',
      { version: 1 },
      () => PROMPTS.map(answer),
      'remote:kserve-v2-text',
    ],
    [
      'the OpenAI-compatible endpoint (v2)',
      { version: 2 },
      () => PROMPTS.map(answer),
      'remote:openai-completions',
    ],
    [
      'a column of stored outputs',
      { version: 1, outputs: 'stored' },
      () => STORED,
      'column:stored',
    ],
  ];
  for (const [what, selector, outputs, source] of cases) {
    it(`scores ${what} through the API and stores it like any evaluation`, async () => {
      const kserveCalls = kserveServer.calls.length;
      const openaiCalls = openaiServer.calls.length;
      const res = await call('/v1/projects/default/text-evaluations', 'POST', {
        model: 'writer',
        ...selector,
        dataset: { id: datasetId },
        prompt: 'prompt',
        references: ['reference', 'reference2'],
        confidence: { nResamples: 300, seed: 11 },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body.report.model).toBe(source);
      // KServe: 8 prompts in batches of 3; OpenAI: one batch; stored outputs: no call at all.
      expect(kserveServer.calls.length - kserveCalls).toBe(
        source === 'remote:kserve-v2-text' ? 3 : 0,
      );
      expect(openaiServer.calls.length - openaiCalls).toBe(
        source === 'remote:openai-completions' ? 1 : 0,
      );
      const got = await call(res.headers.get('location') as string, 'GET');
      expect(got.status).toBe(200);
      expect(got.body.datasetId).toBe(datasetId);
      const want = await expected(outputs(), 300, 11);
      expect(got.body.metrics.map((m: { name: string }) => m.name)).toEqual([...want.keys()]);
      for (const m of got.body.metrics) {
        const w = want.get(m.name) as TextEvaluatedMetric;
        expect(m.value, m.name).toBeCloseTo(w.value, 12);
        expect(m.signature.signature).toBe(w.signature);
        expect(m.confidenceInterval.lower).toBeCloseTo(w.confidenceInterval?.low as number, 12);
        expect(m.confidenceInterval.upper).toBeCloseTo(w.confidenceInterval?.high as number, 12);
      }
      expect(got.body.metrics[0].signature.signature).toMatch(/^nrefs:2\|bs:300\|seed:11\|/);
    });
  }

  it('refuses, with messages that say what to fix, a missing column and a version that is not a text model', async () => {
    const missing = await call('/v1/projects/default/text-evaluations', 'POST', {
      model: 'writer',
      dataset: { id: datasetId },
      prompt: 'question',
      references: ['reference'],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toMatch(/^the prompt column 'question' is not in the dataset/);
    expect((await call('/v1/projects/default/models', 'POST', { name: 'numbers' })).status).toBe(
      201,
    );
    const spec = await fetch(`${api.url}/v1/projects/default/models/numbers/versions?format=json`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.firstKey}`,
        'content-type': 'application/octet-stream',
      },
      body: JSON.stringify({ type: 'linear', coef: [1], intercept: 0 }),
    });
    expect(spec.status).toBe(201);
    const numeric = await call('/v1/projects/default/text-evaluations', 'POST', {
      model: 'numbers',
      dataset: { id: datasetId },
      prompt: 'prompt',
      references: ['reference'],
    });
    expect(numeric.status).toBe(400);
    expect(numeric.body.detail).toMatch(/is not a text model/);
  });

  it('runs from the portal’s model page to the text report with signatures and intervals', async () => {
    const page = await signedIn();
    await page.goto(`${web.url}/models/writer`);
    const form = page.locator('form[aria-label="Run a text batch test"]');
    await form.waitFor();
    await checkAccessibility(page, 'the model page with the text batch test form');
    // A missing column: the API's message beside the form.
    const fill = async (references: string) => {
      await page.selectOption('#tbt-version', '2');
      await page.selectOption('#tbt-dataset', datasetId);
      await page.fill('#tbt-prompt', 'prompt');
      await page.fill('#tbt-references', references);
      await page.fill('#tbt-resamples', '200');
      await form.locator('button[type=submit]').click();
    };
    await fill('reference, answer');
    const error = page.getByTestId('text-batch-test-error');
    await error.waitFor();
    expect(await error.textContent()).toContain(
      "the reference column 'answer' is not in the dataset",
    );
    // Fixed (React resets a form after its action: filled again): the job page, then the report.
    await fill('reference, reference2');
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1').textContent()).toContain('Text batch test');
    const link = page.getByTestId('evaluation-report-link');
    await link.waitFor({ timeout: 30_000 });
    expect(await link.textContent()).toBe(
      'full report (text metrics with their signatures and intervals)',
    );
    await link.click();
    await page.waitForURL(/\/models\/writer\/evaluations\//);
    const table = page.getByTestId('text-metrics');
    await table.waitFor();
    expect(await page.getByTestId('text-outputs-source').textContent()).toContain(
      'generated by the version (remote:openai-completions)',
    );
    const want = await expected(PROMPTS.map(answer), 200, 12345);
    const bleu = (await page.getByTestId('text-metric-bleu').textContent()) ?? '';
    expect(bleu).toContain('BLEU');
    expect(bleu).toContain(
      (want.get('bleu') as TextEvaluatedMetric).signature.replace(/version:.*/, ''),
    );
    expect(bleu).toMatch(/μ = [\d.]+ ± [\d.]+\[[\d.]+, [\d.]+\] at 95 %/);
    for (const name of ['chrf', 'ter', 'rouge1', 'rouge2', 'rougeL'])
      await page.getByTestId(`text-metric-${name}`).waitFor();
    await checkAccessibility(page, 'the text report');
    await page.screenshot({ path: '/tmp/portal-text-report.png', fullPage: true });
    await page.close();
  });
});
