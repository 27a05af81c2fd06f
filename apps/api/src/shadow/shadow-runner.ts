import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TFeatureRows } from '@assay/core';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import type {
  ShadowAnswer,
  ShadowAnswersMessage,
  ShadowBatchMessage,
  ShadowCopyMessage,
  ShadowReadyMessage,
  ShadowThreadData,
} from './shadow-protocol.js';

/**
 * How a mirrored copy ended. `latencyMs` is the candidate's own time. `dropped`: the copy was shed
 * before it started, because the shadow thread was behind (or got no CPU) until its time ran out —
 * the machine's doing, not the candidate's.
 */
export type ShadowOutcome =
  | { outcome: 'ok'; output: Record<string, unknown>; latencyMs: number }
  | { outcome: 'error' | 'timeout'; error: string; latencyMs: number }
  | { outcome: 'dropped' };

export interface ShadowCopy {
  model: ModelBytes;
  rows: TFeatureRows;
  featureNames: string[] | undefined;
  /** A remote candidate waits on the network: its copies run side by side, with its timeout. */
  remote: boolean;
}

export interface ShadowRunnerOptions extends ShadowThreadData {
  /** Copies submitted within this many ms go to the thread in one message. */
  batchMs: number;
  /** Old-generation heap of the thread (MB). */
  memoryMb: number;
}

interface InFlight {
  seq: number;
  copy: ShadowCopy;
  /** `performance.now()` after which the copy is late; infinite while the thread starts. */
  deadline: number;
  done: (outcome: ShadowOutcome) => void;
}

/** How long a thread may take to load its modules. */
const START_MS = 30_000;
/** A late local copy of a live thread is dropped after this many timeouts past its deadline. */
const LATE_TIMEOUTS = 10;

function workerUrl(): URL {
  const sibling = new URL('./shadow-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL(sibling.href.replace('/src/shadow/', '/dist/shadow/'));
}

/** CPU milliseconds a thread of this process has used (Linux), NaN where unknown. */
function threadCpuMs(tid: number | null): number {
  if (tid === null) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ');
    // utime and stime, in clock ticks (100 a second on Linux).
    return (Number(fields?.[11]) + Number(fields?.[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * Runs shadow copies in one thread of their own at the lowest CPU priority, so that the
 * candidates' predictions never share the callers' event loop or the compute pool and take only
 * CPU the callers leave. Copies are handed over in one message every `batchMs` and answered in
 * batches; a `submit` costs the event loop a push (no promise, timer or message of its own), and
 * one timer watches the oldest deadline.
 *
 * A copy's time (`timeoutMs`) counts from its submission (from the thread's start for copies that
 * waited for it). The thread runs local copies one after another and sheds a copy whose time ran
 * out before it started (`dropped`: the thread was behind); a prediction that took longer than the
 * timeout is a `timeout`. A remote copy still unanswered at its deadline is a `timeout`. A thread
 * silent for a whole timeout while it used at least half of it in CPU is stuck in a prediction:
 * its late copies are timeouts, it is ended, and a new one takes the copies still in time. A
 * thread silent for lack of CPU is left alone: its late copies are shed.
 */
export class ShadowRunner {
  private worker: Worker | undefined;
  /** Copies submitted and not yet ended, in submission (hence deadline) order. */
  private readonly inFlight = new Map<number, InFlight>();
  private outgoing: InFlight[] = [];
  private sentModels = new Set<string>();
  private batchTimer: NodeJS.Timeout | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private tid: number | null = null;
  private lastHeard = 0;
  private lastHeardCpuMs = Number.NaN;
  private nextSeq = 1;
  private closed = false;
  /** Threads ended because a copy was stuck in them. */
  restarts = 0;

  constructor(private readonly options: ShadowRunnerOptions) {}

  /** Copies submitted and not yet ended. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** The current thread's Linux id, once it is ready (null elsewhere). */
  get threadId(): number | null {
    return this.ready ? this.tid : null;
  }

  /** Queues a copy; `done` is called once, from a later turn of the event loop. */
  submit(copy: ShadowCopy, done: (outcome: ShadowOutcome) => void): void {
    if (this.closed) {
      setImmediate(() =>
        done({ outcome: 'error', error: 'the server is shutting down', latencyMs: 0 }),
      );
      return;
    }
    const entry: InFlight = {
      seq: this.nextSeq++,
      copy,
      deadline: this.ready ? performance.now() + this.options.timeoutMs : Number.POSITIVE_INFINITY,
      done,
    };
    this.inFlight.set(entry.seq, entry);
    this.outgoing.push(entry);
    this.scheduleSend(this.options.batchMs);
    if (this.deadlineTimer === undefined) this.watch();
  }

  /**
   * Starts the thread now (a shadow test runs), so that the first copies do not wait for it to
   * load; resolves when it is ready (or could not start).
   */
  warm(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.thread();
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Hands a candidate's model to the thread now, which loads it before its first copy. */
  preload(model: ModelBytes): void {
    if (this.closed || this.sentModels.has(model.key)) return;
    void this.warm().then(() => {
      if (this.worker === undefined || !this.ready || this.sentModels.has(model.key)) return;
      this.sentModels.add(model.key);
      this.worker.postMessage({ models: [model], copies: [] } satisfies ShadowBatchMessage);
    });
  }

  /** Ends the thread; copies in flight end as errors. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.batchTimer);
    clearTimeout(this.deadlineTimer);
    const worker = this.worker;
    this.worker = undefined;
    for (const entry of this.inFlight.values()) {
      entry.done({ outcome: 'error', error: 'the server is shutting down', latencyMs: 0 });
    }
    this.inFlight.clear();
    this.outgoing = [];
    for (const resolve of this.readyWaiters.splice(0)) resolve();
    await worker?.terminate();
  }

  private thread(): Worker {
    if (this.worker !== undefined) return this.worker;
    const { batchMs: _b, memoryMb, ...data } = this.options;
    const worker = new Worker(workerUrl(), {
      workerData: data satisfies ShadowThreadData,
      resourceLimits: {
        maxOldGenerationSizeMb: memoryMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(memoryMb / 8))),
      },
    });
    worker.on('message', (message: ShadowAnswersMessage | ShadowReadyMessage) => {
      if ('ready' in message) this.onReady(message.tid);
      else this.onAnswers(message.answers);
    });
    // A thread that dies (its memory limit, a crash) is replaced; its copies go to the new one.
    const replace = () => {
      if (this.worker === worker) this.restart(worker);
    };
    worker.on('error', replace);
    worker.on('exit', replace);
    worker.unref();
    this.worker = worker;
    this.ready = false;
    this.tid = null;
    this.sentModels = new Set();
    return worker;
  }

  private onReady(tid: number | null): void {
    const now = performance.now();
    this.ready = true;
    this.tid = tid;
    this.heard(now);
    for (const resolve of this.readyWaiters.splice(0)) resolve();
    for (const entry of this.inFlight.values()) {
      if (entry.deadline === Number.POSITIVE_INFINITY)
        entry.deadline = now + this.options.timeoutMs;
    }
    clearTimeout(this.deadlineTimer);
    this.watch();
    this.send();
  }

  private heard(now: number): void {
    this.lastHeard = now;
    this.lastHeardCpuMs = threadCpuMs(this.tid);
  }

  private scheduleSend(ms: number): void {
    if (this.batchTimer !== undefined) return;
    this.batchTimer = setTimeout(() => this.send(), ms);
    this.batchTimer.unref();
  }

  private send(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.outgoing.length === 0 || this.closed) return;
    const worker = this.thread();
    // Sent when the thread says it is ready.
    if (!this.ready) return;
    const entries = this.outgoing;
    this.outgoing = [];
    const models: ModelBytes[] = [];
    const copies: ShadowCopyMessage[] = [];
    for (const e of entries) {
      if (!this.inFlight.has(e.seq)) continue;
      const { model, rows, featureNames, remote } = e.copy;
      if (!this.sentModels.has(model.key)) {
        this.sentModels.add(model.key);
        models.push(model);
      }
      const deadlineAt = performance.timeOrigin + e.deadline;
      copies.push({ seq: e.seq, key: model.key, rows, featureNames, remote, deadlineAt });
    }
    try {
      worker.postMessage({ models, copies } satisfies ShadowBatchMessage);
    } catch (error) {
      // The structured clone refused a copy (rows nested too deep): the batch's copies fail.
      for (const c of copies) {
        this.end(c.seq, { outcome: 'error', error: String(error), latencyMs: 0 });
      }
    }
  }

  private onAnswers(answers: ShadowAnswer[]): void {
    this.heard(performance.now());
    for (const a of answers) {
      const entry = this.inFlight.get(a.seq);
      if (entry === undefined) continue; // ended already (a timeout)
      switch (a.outcome) {
        case 'missing':
          // The thread let the model's bytes go: they are sent again with the copy.
          this.sentModels.delete(entry.copy.model.key);
          this.outgoing.push(entry);
          this.scheduleSend(0);
          break;
        case 'stale':
          this.end(a.seq, { outcome: 'dropped' });
          break;
        case 'timeout':
          this.end(a.seq, {
            outcome: 'timeout',
            error: `answered after ${Math.round(a.latencyMs)} ms, beyond the shadow timeout of ${this.options.timeoutMs} ms`,
            latencyMs: a.latencyMs,
          });
          break;
        case 'ok':
          this.end(a.seq, { outcome: 'ok', output: a.output, latencyMs: a.latencyMs });
          break;
        default:
          this.end(a.seq, { outcome: 'error', error: a.error, latencyMs: a.latencyMs });
      }
    }
  }

  private end(seq: number, outcome: ShadowOutcome): void {
    const entry = this.inFlight.get(seq);
    if (entry === undefined) return;
    this.inFlight.delete(seq);
    entry.done(outcome);
  }

  /** One timer, at the oldest copy's deadline (or the thread's start's). */
  private watch(): void {
    const oldest = this.inFlight.values().next().value as InFlight | undefined;
    if (oldest === undefined) {
      this.deadlineTimer = undefined;
      return;
    }
    const starting = oldest.deadline === Number.POSITIVE_INFINITY;
    // A late copy left to a live thread is looked at again every quarter of a timeout.
    const left = oldest.deadline - performance.now();
    const delay = starting ? START_MS : left > 0 ? left : this.options.timeoutMs / 4;
    this.deadlineTimer = setTimeout(() => (starting ? this.notStarted() : this.expire()), delay);
    this.deadlineTimer.unref();
  }

  /** The thread did not start in time: the copies waiting for it fail, and it is ended. */
  private notStarted(): void {
    this.deadlineTimer = undefined;
    if (this.ready) {
      this.watch();
      return;
    }
    for (const entry of [...this.inFlight.values()]) {
      this.end(entry.seq, {
        outcome: 'error',
        error: `the shadow thread did not start within ${START_MS} ms`,
        latencyMs: 0,
      });
    }
    this.outgoing = [];
    for (const resolve of this.readyWaiters.splice(0)) resolve();
    if (this.worker !== undefined) this.restart(this.worker);
  }

  /** Whether the thread is stuck: silent a whole timeout, while it used half of that in CPU. */
  private stuck(now: number): boolean {
    if (!this.ready || now - this.lastHeard < this.options.timeoutMs) return false;
    const used = threadCpuMs(this.tid) - this.lastHeardCpuMs;
    // Without the thread's CPU time (not Linux), silence alone is the sign.
    return Number.isNaN(used) || used >= this.options.timeoutMs / 2;
  }

  private expire(): void {
    this.deadlineTimer = undefined;
    const now = performance.now();
    let stuck: boolean | undefined;
    const late = (entry: InFlight, outcome: ShadowOutcome) => {
      this.inFlight.delete(entry.seq);
      entry.done(outcome);
    };
    const timeout = (entry: InFlight): ShadowOutcome => ({
      outcome: 'timeout',
      error: `no answer within ${this.options.timeoutMs} ms`,
      latencyMs: now - (entry.deadline - this.options.timeoutMs),
    });
    for (const entry of [...this.inFlight.values()]) {
      if (entry.deadline > now) break;
      if (entry.copy.remote) {
        late(entry, timeout(entry));
        continue;
      }
      stuck ??= this.stuck(now);
      if (stuck) late(entry, timeout(entry));
      else if (now - entry.deadline > LATE_TIMEOUTS * this.options.timeoutMs) {
        late(entry, { outcome: 'dropped' });
      }
    }
    if (stuck && this.worker !== undefined) this.restart(this.worker);
    this.watch();
  }

  /** Ends a thread; the copies still in flight go to a new one (which sheds those late). */
  private restart(worker: Worker): void {
    if (this.worker === worker) {
      this.worker = undefined;
      this.ready = false;
    }
    this.restarts += 1;
    worker.removeAllListeners();
    worker.on('error', () => {});
    void worker.terminate();
    if (this.closed) return;
    const queued = new Set(this.outgoing);
    this.outgoing = [
      ...[...this.inFlight.values()].filter((e) => !queued.has(e)),
      ...this.outgoing,
    ];
    if (this.outgoing.length > 0) this.scheduleSend(0);
  }
}
