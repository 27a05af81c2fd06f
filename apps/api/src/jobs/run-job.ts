import type { Job } from '@assay/registry';
import { toProblem } from '../http/to-problem.js';
import type { JobDeps } from './job-handler.js';

// The handlers' interface file owns these; re-exported for the queues that start jobs.
export type { JobDeps, JobHandlers, JobLog } from './job-handler.js';

/** Why a running job was stopped from outside. */
class JobStopped extends Error {
  constructor(readonly why: 'cancelled' | 'superseded') {
    super(why === 'cancelled' ? 'the job was cancelled' : 'another attempt owns the job');
  }
}

/**
 * Runs a claimed job to its end and records the end once: success (result, and the evaluation it
 * stored, in one transaction), failure (the problem an API call would have answered), or
 * cancellation. Heartbeats extend the claim's lease and carry progress; a heartbeat that finds the
 * job cancelled stops the handler at its next progress point, and one that finds the claim taken
 * over (this worker was presumed dead) stops it without writing anything, so a result is stored
 * by one attempt only.
 */
export async function runClaimedJob(
  deps: JobDeps,
  claimed: { job: Job; attempt: number },
): Promise<void> {
  const { registry, log, leaseMs } = deps;
  const { job, attempt } = claimed;
  const controller = new AbortController();
  // Beats come from progress reports (CPU-bound work only yields there) and from a timer (for
  // work that awaits I/O between reports): at least three per lease, and at least one a second
  // so that a cancellation takes effect within about a second (one UPDATE a second per job).
  const beatEvery = Math.max(50, Math.min(1000, Math.floor(leaseMs / 3)));
  // Progress is written at most four times a second (the first report at once), so that pollers
  // and event streams see each phase.
  const progressEvery = Math.min(250, beatEvery);
  let latest: { fraction: number; message?: string } | undefined;
  let lastBeat = 0;
  let beating: Promise<void> | undefined;
  const beat = (): Promise<void> => {
    beating ??= (async () => {
      try {
        lastBeat = Date.now();
        const answer = await registry.jobs.heartbeat(job.id, attempt, {
          leaseMs,
          ...(latest ? { progress: latest } : {}),
        });
        if (answer === null) controller.abort(new JobStopped('superseded'));
        else if (answer.cancelRequested) controller.abort(new JobStopped('cancelled'));
      } catch (error) {
        log.warn('job heartbeat failed', { jobId: job.id, error: (error as Error).message });
      } finally {
        beating = undefined;
      }
    })();
    return beating;
  };
  const timer = setInterval(() => void beat(), beatEvery);
  const started = Date.now();
  log.info('job started', { jobId: job.id, kind: job.kind, attempt });
  try {
    const outcome = await deps.handlers[job.kind](deps, job, {
      signal: controller.signal,
      progress: async (progress) => {
        latest = progress;
        if (Date.now() - lastBeat >= progressEvery) await beat();
        controller.signal.throwIfAborted();
      },
    });
    clearInterval(timer);
    await beating;
    controller.signal.throwIfAborted();
    await registry.jobs.complete(job.id, attempt, outcome);
    deps.telemetry?.observe(job.kind, 'succeeded', (Date.now() - started) / 1000);
    log.info('job succeeded', { jobId: job.id, attempt, ms: Date.now() - started });
  } catch (error) {
    clearInterval(timer);
    await beating;
    const stopped = controller.signal.aborted ? controller.signal.reason : error;
    if (stopped instanceof JobStopped && stopped.why === 'superseded') {
      log.warn('job taken over by another attempt; this one stops without a result', {
        jobId: job.id,
        attempt,
      });
      deps.telemetry?.observe(job.kind, 'superseded', (Date.now() - started) / 1000);
      return;
    }
    if (stopped instanceof JobStopped) {
      await registry.jobs.markCancelled(job.id, attempt);
      deps.telemetry?.observe(job.kind, 'cancelled', (Date.now() - started) / 1000);
      log.info('job cancelled', { jobId: job.id, attempt });
      return;
    }
    const { problem, unexpected } = toProblem(error);
    if (unexpected !== undefined) {
      log.error('job failed unexpectedly', {
        jobId: job.id,
        attempt,
        errorId: problem.errorId,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    await registry.jobs.fail(job.id, attempt, { title: problem.title, detail: problem.detail });
    deps.telemetry?.observe(job.kind, 'failed', (Date.now() - started) / 1000);
    log.info('job failed', { jobId: job.id, attempt, detail: problem.detail });
  }
}
