import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { loadModelArtifact } from '@assay/core';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import { createTaskContext, runTask } from '../jobs/compute/run-task.js';
import { createOutbound, modelLoadContext } from '../outbound/outbound.js';
import {
  outputOf,
  type ShadowAnswer,
  type ShadowBatchMessage,
  type ShadowCopyMessage,
  type ShadowThreadData,
} from './shadow-protocol.js';

// The shadow thread: every mirrored copy's prediction runs here, at the lowest CPU priority, so
// that on a busy machine the copies take only the CPU the callers' event loop and the compute pool
// leave. Copies arrive and answers leave in batches: one wake-up of each thread per batch, not
// per copy.

const data = workerData as ShadowThreadData;

const context = createTaskContext(
  data.limits,
  data.modelCacheSize,
  () => {},
  modelLoadContext(createOutbound(data.remoteAllowedHosts, undefined, data.remoteMaxResponseBytes)),
);

/** Model bytes by key, least recently sent first: a loaded model evicted is loaded again. */
const bytes = new Map<string, ModelBytes>();
const MAX_BYTES = Math.max(4, data.modelCacheSize);

let outbox: ShadowAnswer[] = [];
const send = () => {
  const answers = outbox;
  outbox = [];
  parentPort?.postMessage({ answers });
};
const answer = (a: ShadowAnswer) => {
  if (outbox.length === 0) setImmediate(send);
  outbox.push(a);
};

/** Now, in the epoch milliseconds both threads share. */
const epochNow = () => performance.timeOrigin + performance.now();

/** Local copies run one after another, so that each one's latency is its own. */
let local: Promise<void> = Promise.resolve();

async function run(copy: ShadowCopyMessage): Promise<void> {
  // A copy whose time ran out while it waited (this thread was behind, or got no CPU) is shed:
  // counted as dropped, not charged to the candidate as a timeout.
  if (epochNow() > copy.deadlineAt) {
    answer({ seq: copy.seq, outcome: 'stale' });
    return;
  }
  const model = bytes.get(copy.key);
  if (model === undefined) {
    answer({ seq: copy.seq, outcome: 'missing' });
    return;
  }
  const started = performance.now();
  try {
    const result = await runTask(
      { kind: 'predict', model, rows: copy.rows, featureNames: copy.featureNames },
      context,
    );
    const latencyMs = performance.now() - started;
    answer(
      latencyMs > data.timeoutMs
        ? { seq: copy.seq, outcome: 'timeout', latencyMs }
        : {
            seq: copy.seq,
            outcome: 'ok',
            output: outputOf(result as Parameters<typeof outputOf>[0]),
            latencyMs,
          },
    );
  } catch (error) {
    answer({
      seq: copy.seq,
      outcome: 'error',
      error: error instanceof Error ? error.message : String(error),
      latencyMs: performance.now() - started,
    });
  }
}

let tid: number | null = null;
try {
  tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
} catch {
  // Not Linux: the main thread cannot read this thread's CPU time, nor can it be reniced.
}
if (tid !== null && data.nice > 0) {
  try {
    // On Linux, setpriority(2) with a thread id sets that thread's niceness alone.
    setPriority(tid, data.nice);
  } catch {
    // Refused (a container without the right): the thread keeps the process's priority.
  }
}

// One prediction before the thread says it is ready, so that the first copies do not pay for
// compiling the prediction path on a cold thread.
await runTask(
  {
    kind: 'predict',
    model: {
      key: 'shadow:warm-up',
      format: 'json',
      bytes: new TextEncoder().encode('{"type":"logistic","coef":[1]}'),
    },
    rows: [[0]],
  },
  context,
).catch(() => undefined);

parentPort?.postMessage({ ready: true, tid });

parentPort?.on('message', ({ models, copies }: ShadowBatchMessage) => {
  for (const m of models) {
    bytes.delete(m.key);
    bytes.set(m.key, m);
    if (bytes.size > MAX_BYTES) bytes.delete(bytes.keys().next().value as string);
    // Loaded now (a test started): its first copy finds it ready.
    void context.models
      .get(m.key, () => loadModelArtifact(m.format, m.bytes, m.options, context.loadContext))
      .catch(() => undefined);
  }
  for (const copy of copies) {
    // A remote candidate waits on the network: its copies run side by side.
    if (copy.remote) void run(copy);
    else local = local.then(() => run(copy));
  }
});
