import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  AssayError,
  type AssayErrorCode,
  type ComputeLimits,
  LimitExceededError,
  RemoteModelError,
} from '@assay/core';
import { ProblemError, problem } from '../../http/problem.js';
import { createOutbound, modelLoadContext, type Outbound } from '../../outbound/outbound.js';
import type {
  ComputeMessage,
  ComputeResults,
  ComputeTask,
  ComputeThreadData,
  SerializedError,
} from './protocol.js';
import { createTaskContext, runTask, type TaskContext } from './run-task.js';

/** The Nest token of the process's {@link ComputePool}. */
export const COMPUTE_POOL = Symbol('ComputePool');

/** How the pool is sized and bounded (from `ASSAY_COMPUTE_*`, see `env.ts`). */
export interface ComputePoolOptions {
  /** Compute threads; 0 runs every task inline on the event loop (for comparison only). */
  threads: number;
  /** Requests that may wait for a thread; one more is refused with 503 and `Retry-After`. */
  maxQueue: number;
  /** Old-generation heap of each thread (MB): a task above it ends its thread, not the process. */
  memoryMb: number;
  /** Longest a request's task may run (ms) before its thread is terminated. */
  timeoutMs: number;
  /** The input bounds the core checks before it works. */
  limits: ComputeLimits;
  /** Loaded models each thread keeps. */
  modelCacheSize: number;
  /** `ASSAY_REMOTE_ALLOWED_HOSTS`, from which each thread builds its outbound policy. */
  remoteAllowedHosts: string;
  /** `ASSAY_REMOTE_MAX_RESPONSE_BYTES`: the largest answer a remote model may send. */
  remoteMaxResponseBytes?: number | undefined;
  /** The process's outbound policy, for tasks run inline. @default one from `remoteAllowedHosts` */
  outbound?: Outbound | undefined;
  /** Called as each task ends (Prometheus counts them). */
  onEnd?: ((outcome: ComputeOutcome) => void) | undefined;
}

/**
 * How a task ended: answered (`ok`, `error`: the core refused the input), ended by a limit
 * (`time-limit`, `memory-limit`), `cancelled` (its client went away, its job was cancelled),
 * refused for a full queue (`overloaded`), or its thread died otherwise (`crashed`).
 */
export type ComputeOutcome =
  | 'ok'
  | 'error'
  | 'time-limit'
  | 'memory-limit'
  | 'cancelled'
  | 'overloaded'
  | 'crashed';

export interface RunOptions {
  /** Aborts the task: removed from the queue, or its thread terminated. */
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: { fraction: number; message: string }) => Promise<void>) | undefined;
  /** A job's task: it waits for a thread whatever the queue's length, and has no time limit. */
  job?: boolean;
  /**
   * Runs on the event loop, not in a thread: for work that waits on the network rather than the
   * CPU (a remote model's predictions), with the process's own outbound policy.
   */
  inline?: boolean;
  /**
   * Work no caller waits for (a shadow test's copy): it yields to every other task — requests and
   * jobs queued after it still go first — and never counts against ASSAY_COMPUTE_QUEUE. Its owner
   * bounds how many it submits.
   */
  background?: boolean;
}

/**
 * The compiled compute thread. Tests run the API from its TypeScript sources, which Node 20
 * cannot load in a thread: they use the build next to them (`dist/`; turbo builds before tests).
 */
function workerUrl(): URL {
  const sibling = new URL('./compute-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL(sibling.href.replace('/src/jobs/compute/', '/dist/jobs/compute/'));
}

/** The core's error again, from its serialized form (classes do not cross threads). */
export function revive(error: SerializedError): Error {
  if (error.code === 'limit_exceeded') {
    return new LimitExceededError(
      error.bound ?? '',
      error.limit ?? 0,
      error.actual ?? 0,
      error.message,
      error.issues?.[0]?.path ?? [],
    );
  }
  if (error.code !== undefined) {
    return new AssayError(error.code as AssayErrorCode, error.message, error.issues ?? []);
  }
  if (error.name === 'RemoteModelError') {
    return new RemoteModelError(error.message, error.url ?? '', error.status);
  }
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}

interface Pending {
  id: number;
  task: ComputeTask;
  options: RunOptions;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  running?: Pending;
  timer?: NodeJS.Timeout;
  onAbort?: () => void;
}

/**
 * A pool of compute threads serving both synchronous requests and jobs: each thread has a memory
 * limit (`resourceLimits`), each request's task a time limit (the thread is terminated and
 * replaced), and requests wait in a bounded queue (beyond it: 503 with `Retry-After`). A thread
 * that dies — its memory limit, a crash — fails only its task; the process keeps serving.
 */
export class ComputePool {
  private readonly idle: Slot[] = [];
  private readonly busy = new Set<Slot>();
  private readonly waiting: Pending[] = [];
  private nextId = 1;
  private inline: TaskContext | undefined;
  private closed = false;
  /** Recent task durations (ms), for `Retry-After`. */
  private meanMs = 1000;

  constructor(readonly options: ComputePoolOptions) {}

  /** Tasks running and waiting. */
  get load(): { running: number; queued: number; threads: number } {
    return { running: this.busy.size, queued: this.waiting.length, threads: this.options.threads };
  }

  run<K extends ComputeTask['kind']>(
    task: Extract<ComputeTask, { kind: K }>,
    options: RunOptions = {},
  ): Promise<ComputeResults[K]> {
    options.signal?.throwIfAborted();
    if (this.options.threads === 0 || options.inline) return this.runInline(task, options) as never;
    if (this.closed) return Promise.reject(this.unavailable('the server is shutting down'));
    const waitingRequests = this.waiting.filter(
      (p) => !p.options.job && !p.options.background,
    ).length;
    if (
      !options.job &&
      !options.background &&
      this.idle.length + (this.options.threads - this.slots()) === 0 &&
      waitingRequests >= this.options.maxQueue
    ) {
      this.options.onEnd?.('overloaded');
      return Promise.reject(
        this.unavailable(
          `every compute thread is busy and ${waitingRequests} requests are waiting (ASSAY_COMPUTE_QUEUE = ${this.options.maxQueue})`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const pending: Pending = { id: this.nextId++, task, options, resolve, reject };
      const signal = options.signal;
      if (signal) {
        const onAbort = () => {
          const at = this.waiting.indexOf(pending);
          if (at >= 0) {
            this.waiting.splice(at, 1);
            this.options.onEnd?.('cancelled');
            reject(signal.reason);
          }
        };
        signal.addEventListener('abort', onAbort, { once: true });
      }
      // Background work waits behind everything else, whenever that arrived.
      const firstBackground = options.background
        ? -1
        : this.waiting.findIndex((p) => p.options.background);
      if (firstBackground < 0) this.waiting.push(pending);
      else this.waiting.splice(firstBackground, 0, pending);
      this.dispatch();
    });
  }

  /** Terminates every thread; running and waiting tasks fail with 503. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.waiting.splice(0)) {
      pending.reject(this.unavailable('the server is shutting down'));
    }
    const all = [...this.idle.splice(0), ...this.busy];
    for (const slot of all) {
      const pending = this.release(slot);
      slot.worker.removeAllListeners();
      slot.worker.on('error', () => {});
      pending?.reject(this.unavailable('the server is shutting down'));
    }
    await Promise.all(all.map((slot) => slot.worker.terminate()));
  }

  private slots(): number {
    return this.idle.length + this.busy.size;
  }

  private unavailable(detail: string): ProblemError {
    const seconds = Math.max(
      1,
      Math.ceil(((this.waiting.length / Math.max(1, this.options.threads)) * this.meanMs) / 1000),
    );
    return new ProblemError(problem(503, 'overloaded', `${detail}; retry in ${seconds} s`), {
      'Retry-After': String(seconds),
    });
  }

  private async runInline(task: ComputeTask, options: RunOptions): Promise<unknown> {
    this.inline ??= createTaskContext(
      this.options.limits,
      this.options.modelCacheSize,
      () => {},
      modelLoadContext(
        this.options.outbound ??
          createOutbound(
            this.options.remoteAllowedHosts,
            undefined,
            this.options.remoteMaxResponseBytes,
          ),
      ),
    );
    const context: TaskContext = {
      ...this.inline,
      progress: (fraction, message) => {
        void options.onProgress?.({ fraction, message }).catch(() => {});
      },
    };
    return runTask(task, context);
  }

  private spawn(): Slot {
    const data: ComputeThreadData = {
      limits: this.options.limits,
      modelCacheSize: this.options.modelCacheSize,
      remoteAllowedHosts: this.options.remoteAllowedHosts,
      remoteMaxResponseBytes: this.options.remoteMaxResponseBytes,
    };
    const worker = new Worker(workerUrl(), {
      workerData: data,
      resourceLimits: {
        maxOldGenerationSizeMb: this.options.memoryMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(this.options.memoryMb / 8))),
      },
    });
    const slot: Slot = { worker };
    worker.on('message', (message: ComputeMessage) => this.onMessage(slot, message));
    worker.on('error', (error: Error & { code?: string }) => {
      const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const bound = memory
        ? new ProblemError(
            problem(
              422,
              'limit-exceeded',
              `the computation needed more memory than a compute thread has (ASSAY_COMPUTE_MEMORY_MB = ${this.options.memoryMb}); reduce the input`,
            ),
          )
        : error;
      this.retire(slot, bound, memory ? 'memory-limit' : 'crashed');
    });
    worker.on('exit', (code) =>
      this.retire(slot, new Error(`the compute thread exited with code ${code}`), 'crashed'),
    );
    // An idle thread must not keep the process alive.
    worker.unref();
    return slot;
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      let slot = this.idle.pop();
      if (slot === undefined) {
        if (this.slots() >= this.options.threads) return;
        slot = this.spawn();
      }
      const pending = this.waiting.shift() as Pending;
      this.start(slot, pending);
    }
  }

  private start(slot: Slot, pending: Pending): void {
    this.busy.add(slot);
    slot.running = pending;
    const started = Date.now();
    const { signal, job } = pending.options;
    const finish = () => {
      this.meanMs = 0.8 * this.meanMs + 0.2 * (Date.now() - started);
    };
    pending.resolve = ((resolve) => (value: unknown) => {
      finish();
      resolve(value);
    })(pending.resolve);
    if (!job && this.options.timeoutMs > 0) {
      slot.timer = setTimeout(() => {
        this.retire(
          slot,
          new ProblemError(
            problem(
              422,
              'limit-exceeded',
              `the computation ran longer than a request may (ASSAY_COMPUTE_TIMEOUT_MS = ${this.options.timeoutMs}); reduce the input, or run it as a job (async: true) where the route offers one`,
            ),
          ),
          'time-limit',
        );
      }, this.options.timeoutMs);
    }
    if (signal) {
      slot.onAbort = () => this.retire(slot, signal.reason, 'cancelled');
      signal.addEventListener('abort', slot.onAbort, { once: true });
    }
    slot.worker.ref();
    try {
      slot.worker.postMessage({ id: pending.id, task: pending.task });
    } catch (error) {
      // The structured clone refused the task: a body nested deeper than the clone's recursion
      // (RangeError), which is the caller's input, not the server's fault. The thread is intact.
      this.release(slot);
      slot.worker.unref();
      this.idle.push(slot);
      pending.reject(
        error instanceof RangeError
          ? new ProblemError(
              problem(400, 'invalid-request', `the input cannot be computed: ${error.message}`),
            )
          : error,
      );
    }
  }

  private release(slot: Slot): Pending | undefined {
    const pending = slot.running;
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.onAbort) pending?.options.signal?.removeEventListener('abort', slot.onAbort);
    slot.running = undefined;
    slot.timer = undefined;
    slot.onAbort = undefined;
    this.busy.delete(slot);
    return pending;
  }

  private onMessage(slot: Slot, message: ComputeMessage): void {
    const pending = slot.running;
    if (pending === undefined || pending.id !== message.id) return;
    if (message.type === 'progress') {
      // Heartbeats happen here; one that finds the job cancelled aborts the signal.
      pending.options
        .onProgress?.({ fraction: message.fraction, message: message.message })
        .catch(() => {});
      return;
    }
    this.release(slot);
    slot.worker.unref();
    if (!this.closed) this.idle.push(slot);
    this.options.onEnd?.(message.type === 'done' ? 'ok' : 'error');
    if (message.type === 'done') pending.resolve(message.result);
    else pending.reject(revive(message.error));
    this.dispatch();
  }

  /** Ends a thread (time limit, abort, memory limit, crash): its task fails with `error`. */
  private retire(slot: Slot, error: unknown, outcome: ComputeOutcome): void {
    const wasIdle = this.idle.indexOf(slot);
    if (wasIdle >= 0) this.idle.splice(wasIdle, 1);
    const pending = this.release(slot);
    slot.worker.removeAllListeners('message');
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
    if (pending) {
      this.options.onEnd?.(outcome);
      pending.reject(error);
    }
    if (!this.closed) this.dispatch();
  }
}
