import { randomUUID } from 'node:crypto';
import type { Job } from '@assay/registry';
import type { JobQueue } from './job-queue.js';
import { type JobDeps, runClaimedJob } from './run-job.js';

/**
 * The default queue, without Redis: this process claims queued jobs from the database
 * (`registry.jobs.claim`, exclusive across processes) and runs up to `concurrency` at a time.
 * A new job is claimed at once; the poll also picks up jobs another process queued and jobs
 * whose worker stopped (their lease ran out), so nothing queued is forgotten across restarts.
 */
export class InProcessJobQueue implements JobQueue {
  readonly mode = 'in-process' as const;
  private readonly workerId = `api:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private pumping: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly deps: JobDeps,
    private readonly options: { concurrency: number; pollMs: number },
  ) {
    this.timer = setInterval(() => this.pump(), options.pollMs);
    this.timer.unref();
    this.pump();
  }

  async enqueue(_job: Job): Promise<void> {
    this.pump();
  }

  async ping(): Promise<void> {}

  /** Claims jobs while there is room; one pump at a time (a request during it runs it again). */
  private pump(): void {
    if (this.closed) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = (async () => {
      do {
        this.again = false;
        while (!this.closed && this.running.size < this.options.concurrency) {
          let claimed: Awaited<ReturnType<JobDeps['registry']['jobs']['claim']>>;
          try {
            claimed = await this.deps.registry.jobs.claim(this.workerId, {
              leaseMs: this.deps.leaseMs,
            });
          } catch (error) {
            this.deps.log.warn('could not claim a job', { error: (error as Error).message });
            break;
          }
          if (claimed === null) break;
          const run: Promise<void> = runClaimedJob(this.deps, claimed)
            .catch((error: unknown) => {
              this.deps.log.error('job runner failed', {
                jobId: claimed?.job.id,
                error: (error as Error).message,
              });
            })
            .finally(() => {
              this.running.delete(run);
              this.pump();
            });
          this.running.add(run);
        }
      } while (this.again && !this.closed);
    })().finally(() => {
      this.pumping = undefined;
    });
  }

  /**
   * Takes no new job and waits for the running ones. Those still running after `graceMs` are left
   * to their lease: another process (or this one, restarted) takes them over when it runs out.
   */
  async close(graceMs: number): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.pumping;
    if (this.running.size === 0) return;
    this.deps.log.info('waiting for running jobs to finish', { jobs: this.running.size });
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise<void>((resolve) => {
        timeout = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timeout);
  }
}
