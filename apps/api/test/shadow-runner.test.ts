import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getPriority } from 'node:os';
import { DEFAULT_COMPUTE_LIMITS } from '@assay/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ShadowCopy,
  type ShadowOutcome,
  ShadowRunner,
  type ShadowRunnerOptions,
} from '../src/shadow/shadow-runner.js';

// The shadow thread (issue 13, item 3): mirrored copies run in a low-priority thread of their own,
// answered in batches; a candidate that throws, hangs or cannot keep up is counted, never felt by
// the caller. These tests run the thread itself; shadow-tests.test.ts runs it through the API.

const encoder = new TextEncoder();
const spec = (key: string, body: unknown): ShadowCopy['model'] => ({
  key,
  format: 'json',
  bytes: encoder.encode(JSON.stringify(body)),
});
const logistic = spec('logistic', {
  type: 'logistic',
  coef: [1, -0.5],
  intercept: 0.25,
  classes: ['no', 'yes'],
});
// Three coefficients for two-feature rows: every prediction throws.
const broken = spec('broken', { type: 'logistic', coef: [1, 1, 1], classes: ['no', 'yes'] });

const options = (over: Partial<ShadowRunnerOptions> = {}): ShadowRunnerOptions => ({
  timeoutMs: 2000,
  batchMs: 5,
  nice: 19,
  memoryMb: 256,
  limits: DEFAULT_COMPUTE_LIMITS,
  modelCacheSize: 4,
  remoteAllowedHosts: '127.0.0.1',
  ...over,
});

const outcome = (runner: ShadowRunner, copy: ShadowCopy) =>
  new Promise<ShadowOutcome>((resolve) => runner.submit(copy, resolve));

/** A field of /proc/self/task/<tid>/stat, numbered as in proc(5). */
function statField(tid: number, field: number): number {
  const after = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1] ?? '';
  return Number(after.split(' ')[field - 3]);
}

/** A KServe-v2 endpoint that never answers. */
let hanging: Server;
let hangingUrl: string;
const sockets = new Set<Socket>();

describe('shadow runner', () => {
  let runner: ShadowRunner | undefined;
  beforeAll(async () => {
    hanging = createServer(() => {});
    hanging.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await runner?.close();
    runner = undefined;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => hanging.close(() => resolve()));
  });

  it('answers each copy with the candidate’s prediction, copies of a batch together, and runs at the lowest priority', async () => {
    runner = new ShadowRunner(options());
    await runner.warm();
    const rows = [
      [1, 2],
      [3, 1],
    ];
    const ended = await Promise.all(
      Array.from({ length: 20 }, () =>
        outcome(runner as ShadowRunner, {
          model: logistic,
          rows,
          featureNames: undefined,
          remote: false,
        }),
      ),
    );
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    for (const e of ended) {
      expect(e.outcome).toBe('ok');
      if (e.outcome !== 'ok') continue;
      expect(e.output).toMatchObject({ kind: 'probability', classes: ['no', 'yes'] });
      const outputs = (e.output.outputs as number[][]).map((r) => r[0]);
      expect(outputs[0]).toBeCloseTo(sigmoid(1 - 1 + 0.25), 12);
      expect(outputs[1]).toBeCloseTo(sigmoid(3 - 0.5 + 0.25), 12);
      expect(e.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(runner.pending).toBe(0);
    // Linux: the thread reniced itself (proc(5) field 19 is the nice value).
    const tid = runner.threadId;
    if (process.platform === 'linux') {
      expect(tid).not.toBeNull();
      expect(statField(tid as number, 19)).toBe(19);
      expect(tid).not.toBe(process.pid);
      // The main thread keeps the priority the process was started with (0 unless run under nice).
      expect(statField(process.pid, 19)).toBe(getPriority());
    }
  });

  it('a candidate that throws ends its copies as errors with its message', async () => {
    runner = new ShadowRunner(options());
    const e = await outcome(runner, {
      model: broken,
      rows: [[1, 2]],
      featureNames: undefined,
      remote: false,
    });
    expect(e.outcome).toBe('error');
    if (e.outcome === 'error') expect(e.error).toMatch(/feature/);
  });

  it('a remote candidate that never answers: its copies end as timeouts at the shadow timeout, and submit never waits', async () => {
    runner = new ShadowRunner(options({ timeoutMs: 300 }));
    await runner.warm();
    const model: ShadowCopy['model'] = {
      key: 'hang',
      format: 'remote',
      bytes: encoder.encode(
        JSON.stringify({
          url: hangingUrl,
          protocol: 'kserve-v2',
          modelName: 'hang',
          nFeatures: 2,
          timeoutMs: 60_000,
        }),
      ),
    };
    const t0 = performance.now();
    const pending = Array.from({ length: 5 }, () =>
      outcome(runner as ShadowRunner, {
        model,
        rows: [[1, 2]],
        featureNames: undefined,
        remote: true,
      }),
    );
    expect(performance.now() - t0).toBeLessThan(300);
    for (const e of await Promise.all(pending)) {
      expect(e.outcome).toBe('timeout');
      if (e.outcome === 'timeout') expect(e.latencyMs).toBeGreaterThanOrEqual(300);
    }
    // A remote copy's lateness is the network's: the thread is not ended for it.
    expect(runner.restarts).toBe(0);
  });

  it('sheds a copy whose time ran out before the thread could start it: dropped, not a timeout', async () => {
    // Copies wait 600 ms to be handed over, beyond their 200 ms: the (idle) thread finds them
    // stale.
    runner = new ShadowRunner(options({ timeoutMs: 200, batchMs: 600 }));
    await runner.warm();
    const ended = await Promise.all(
      Array.from({ length: 3 }, () =>
        outcome(runner as ShadowRunner, {
          model: logistic,
          rows: [[1, 2]],
          featureNames: undefined,
          remote: false,
        }),
      ),
    );
    expect(ended.map((e) => e.outcome)).toEqual(['dropped', 'dropped', 'dropped']);
    // An idle thread is not stuck: it is kept.
    expect(runner.restarts).toBe(0);
  });

  it('a local candidate stuck in its prediction: the copy times out, the thread is replaced, the next copy is answered', async () => {
    // A small network (quick to load) over many rows: seconds of CPU for one copy. Priority 0,
    // so that the machine's other work does not starve it (its CPU time marks it as stuck).
    const width = 64;
    const layer = (nIn: number, nOut: number) => ({
      weights: Array.from({ length: nIn }, () => Array.from({ length: nOut }, () => 0.001)),
      bias: Array.from({ length: nOut }, () => 0),
      activation: 'tanh',
    });
    const heavy = spec('heavy', {
      type: 'mlp',
      layers: [
        layer(2, width),
        layer(width, width),
        layer(width, width),
        layer(width, width),
        layer(width, 1),
      ],
    });
    runner = new ShadowRunner(options({ timeoutMs: 500, nice: 0 }));
    await runner.warm();
    const rows = Array.from({ length: 80_000 }, (_, i) => [i % 7, i % 3]);
    const stuck = await outcome(runner, {
      model: heavy,
      rows,
      featureNames: undefined,
      remote: false,
    });
    expect(stuck.outcome).toBe('timeout');
    expect(runner.restarts).toBe(1);
    const next = await outcome(runner, {
      model: logistic,
      rows: [[1, 2]],
      featureNames: undefined,
      remote: false,
    });
    expect(next.outcome).toBe('ok');
  });
});
