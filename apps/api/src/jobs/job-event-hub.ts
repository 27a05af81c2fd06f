import type { Job, Registry } from '@assay/registry';
import { ProblemError, problem } from '../http/problem.js';
import { toProblem } from '../http/to-problem.js';

const ENDED = new Set<Job['status']>(['succeeded', 'failed', 'cancelled']);
/** How often a watched job is read (the row is the truth, wherever workers run). */
const POLL_MS = 250;
const KEEPALIVE_MS = 15_000;
/** What a refused stream is told to wait before trying again. */
const RETRY_AFTER_S = 5;

/** What a stream receives: the job (now, then each change), a keep-alive, an error, the end. */
export type JobEvent =
  | { type: 'job'; job: Job }
  | { type: 'keepalive' }
  | { type: 'error'; detail: string }
  | { type: 'end' };
type Listener = (event: JobEvent) => void;

interface Watch {
  job: Job;
  listeners: Set<Listener>;
  timer: NodeJS.Timeout | undefined;
  lastEvent: number;
}

/**
 * Server-sent event streams of jobs share one database read per job: every stream of a job
 * listens to one watch that reads the row every 250 ms while anyone listens, and tells each of
 * them when it changed. Streams are bounded per API key and per job (429 with `Retry-After`
 * above), so that open streams cannot multiply the database's load.
 */
export class JobEventHub {
  private readonly watches = new Map<string, Watch>();
  private readonly perKey = new Map<string, number>();

  constructor(
    private readonly registry: Registry,
    private readonly maxPerKey: number,
    private readonly maxPerJob: number,
    private readonly pollMs = POLL_MS,
  ) {}

  /** Streams open now (for tests and metrics). */
  get open(): number {
    let n = 0;
    for (const count of this.perKey.values()) n += count;
    return n;
  }

  /**
   * Starts delivering `job`'s events to `listener` (at once: the job as last read), or throws the
   * 429 when the key or the job has its maximum of streams. Returns the function that stops it.
   */
  subscribe(keyId: string, job: Job, listener: Listener): () => void {
    const watch = this.watches.get(job.id);
    if ((this.perKey.get(keyId) ?? 0) >= this.maxPerKey)
      throw tooMany(`this API key has ${this.maxPerKey} event streams open`);
    if (watch && watch.listeners.size >= this.maxPerJob)
      throw tooMany(`this job has ${this.maxPerJob} event streams open`);
    if (ENDED.has(job.status) && !watch) {
      listener({ type: 'job', job });
      listener({ type: 'end' });
      return () => {};
    }
    this.perKey.set(keyId, (this.perKey.get(keyId) ?? 0) + 1);
    const w = watch ?? this.watch(job);
    w.listeners.add(listener);
    listener({ type: 'job', job: w.job });
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      const left = (this.perKey.get(keyId) ?? 1) - 1;
      if (left > 0) this.perKey.set(keyId, left);
      else this.perKey.delete(keyId);
      w.listeners.delete(listener);
      if (w.listeners.size === 0) this.unwatch(w);
    };
  }

  private watch(job: Job): Watch {
    const w: Watch = { job, listeners: new Set(), timer: undefined, lastEvent: Date.now() };
    this.watches.set(job.id, w);
    this.schedule(w);
    return w;
  }

  private unwatch(w: Watch): void {
    clearTimeout(w.timer);
    if (this.watches.get(w.job.id) === w) this.watches.delete(w.job.id);
  }

  private schedule(w: Watch): void {
    w.timer = setTimeout(() => void this.poll(w), this.pollMs);
    w.timer.unref();
  }

  private async poll(w: Watch): Promise<void> {
    let next: Job | null;
    try {
      next = await this.registry.jobs.get(w.job.projectId, w.job.id);
    } catch (error) {
      // The status line is sent: say what happened in the stream; the client may reconnect.
      this.finish(w, { type: 'error', detail: toProblem(error).problem.detail });
      return;
    }
    if (w.listeners.size === 0) return;
    if (next === null) {
      this.finish(w);
      return;
    }
    if (next.updatedAt !== w.job.updatedAt || next.status !== w.job.status) {
      w.job = next;
      this.emit(w, { type: 'job', job: next });
      if (ENDED.has(next.status)) {
        this.finish(w);
        return;
      }
    } else if (Date.now() - w.lastEvent >= KEEPALIVE_MS) {
      this.emit(w, { type: 'keepalive' });
    }
    this.schedule(w);
  }

  private emit(w: Watch, event: JobEvent): void {
    w.lastEvent = Date.now();
    for (const listener of [...w.listeners]) listener(event);
  }

  /** Ends every stream of the watch (each one's `stop` then releases its slot). */
  private finish(w: Watch, last?: JobEvent): void {
    this.unwatch(w);
    if (last) this.emit(w, last);
    this.emit(w, { type: 'end' });
  }
}

const tooMany = (why: string) =>
  new ProblemError(
    problem(429, 'too-many-streams', `Too many event streams: ${why}; retry in ${RETRY_AFTER_S} s`),
    { 'Retry-After': String(RETRY_AFTER_S) },
  );
