import { randomUUID } from 'node:crypto';
import {
  LEARNER_FAMILIES,
  type TrialOutcome,
  type TrialRequest,
  type TrialRunner,
} from '@assay/core/automl';
import type { Dataset, Job } from '@assay/registry';
import { z } from 'zod';
import type { AutoMlStudyInput } from '../jobs/compute/protocol.js';
import type { JobDeps, JobTools } from '../jobs/job-handler.js';
import { runClaimedJob } from '../jobs/run-job.js';

/**
 * A trial job still queued this long after it was created has found no free worker: the search's
 * own process runs it (when its own lane is free). Sooner, it would race the queue's hand-over.
 */
const HELP_AFTER_MS = 1000;
/**
 * How long after the deadline of its fits a trial job still out is given up: 2 % of the budget
 * (the fits' deadline is at 97 % of it, and the refit must end by 100 %), at most a second.
 */
const giveUpAfterMs = (budgetSeconds: number) => Math.min(1000, 20 * budgetSeconds);
/** How often a trial job's row is read while it runs elsewhere: from 20 ms up to 200 ms. */
const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 200;

/** The key a compute thread keeps a run's study under: the same run on the same bytes. */
export const studyKey = (runId: string, dataset: Pick<Dataset, 'sha256'>): string =>
  `${runId}:${dataset.sha256}`;

export const ZTrialRequestSchema = z
  .object({
    family: z.enum(LEARNER_FAMILIES),
    hyperparameters: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
    bestLosses: z.array(z.number()),
    deadline: z.number(),
  })
  .strict();

export const ZTrialOutcomeSchema = z.object({
  status: z.enum(['completed', 'pruned', 'failed']),
  foldScores: z.array(z.number()),
  error: z.string().optional(),
  durationMs: z.number(),
  cost: z.number(),
});

/** An `automl-trial` job's input: the run and dataset its study comes from, and the trial. */
export const ZAutoMlTrialJobInputSchema = z
  .object({
    parentJobId: z.string(),
    runId: z.string(),
    datasetId: z.string(),
    /** The core's settings, as the search's study was prepared with (the core validates them). */
    settings: z.record(z.string(), z.unknown()),
    request: ZTrialRequestSchema,
  })
  .strict();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const failedTrial = (error: string): TrialOutcome => ({
  status: 'failed',
  foldScores: [],
  error,
  durationMs: 0,
  cost: 0,
});

/**
 * Where an AutoML search's trials run.
 *
 * - Every process runs trials in its compute threads (`automl-trial` tasks; each thread prepares
 *   the run's study once and keeps it), never on the event loop.
 * - When jobs run on BullMQ workers (`deps.remoteWorkers`), the search's process keeps one lane
 *   for itself and hands each further trial in flight to the queue as an `automl-trial` job,
 *   which any worker runs and whose result (the trial's outcome) the search reads from the row.
 *   A trial job no worker has taken after {@link HELP_AFTER_MS} is claimed and run here when the
 *   lane is free, so a search whose workers are all busy (or that holds the only one) still
 *   ends; only the attempt that owns a job stores its result. A trial job that fails, or is still
 *   out shortly after its fits' deadline (its worker died: the fits of a live one stop at the
 *   deadline), is a failed trial, so the run keeps its budget. Cancelling the search cancels its
 *   trial jobs, the one it is running for another worker included.
 */
export function autoMlTrialRunner(
  deps: JobDeps,
  job: Job,
  tools: JobTools,
  study: AutoMlStudyInput & { runId: string; datasetId: string },
): TrialRunner {
  const { registry, compute } = deps;
  let localRunning = 0;
  const here = async (request: TrialRequest): Promise<TrialOutcome> => {
    localRunning++;
    try {
      return await compute.run(
        { kind: 'automl-trial', ...pick(study), request },
        { signal: tools.signal, job: true },
      );
    } finally {
      localRunning--;
    }
  };
  const helper = `automl-helper:${job.id}:${randomUUID().slice(0, 8)}`;
  const elsewhere = async (request: TrialRequest): Promise<TrialOutcome> => {
    const child = await registry.jobs.create({
      projectId: job.projectId,
      kind: 'automl-trial',
      input: {
        parentJobId: job.id,
        runId: study.runId,
        datasetId: study.datasetId,
        settings: JSON.parse(JSON.stringify(study.settings)),
        request: JSON.parse(JSON.stringify(request)),
      },
      ...(job.createdBy ? { createdBy: job.createdBy } : {}),
      maxAttempts: 2,
    });
    await deps.enqueue?.(child);
    let wait = FIRST_POLL_MS;
    for (;;) {
      if (tools.signal.aborted) {
        await registry.jobs.cancel(job.projectId, child.id).catch(() => undefined);
        tools.signal.throwIfAborted();
      }
      const row = await registry.jobs.getById(child.id);
      if (row === null) return failedTrial(`trial job ${child.id} was deleted`);
      // Fits stop at the deadline, so a live worker answers soon after it; a trial still out
      // then (its worker died and the job waits for its lease to expire) is given up, so that the
      // run keeps its budget.
      if (
        (row.status === 'queued' || row.status === 'running') &&
        Date.now() > request.deadline + giveUpAfterMs(study.settings.timeBudgetSeconds ?? 60)
      ) {
        await registry.jobs.cancel(job.projectId, child.id).catch(() => undefined);
        return failedTrial(`trial job ${child.id} had not ended by the run's deadline`);
      }
      if (row.status === 'succeeded') return ZTrialOutcomeSchema.parse(row.result) as TrialOutcome;
      if (row.status === 'failed' || row.status === 'cancelled') {
        const why =
          row.status === 'cancelled'
            ? 'was cancelled'
            : `failed: ${row.error?.title ?? 'Error'}: ${row.error?.detail ?? ''}`;
        return failedTrial(`trial job ${child.id} ${why}`);
      }
      if (
        row.status === 'queued' &&
        localRunning === 0 &&
        Date.now() - Date.parse(row.createdAt) >= HELP_AFTER_MS
      ) {
        localRunning++;
        try {
          const claimed = await registry.jobs.claim(helper, {
            leaseMs: deps.leaseMs,
            jobId: row.id,
          });
          if (claimed !== null) {
            // The trial runs under its own job's signal: the search's cancellation reaches it
            // through its row (its next heartbeat stops it).
            const cancel = () => void registry.jobs.cancel(job.projectId, row.id).catch(() => {});
            tools.signal.addEventListener('abort', cancel, { once: true });
            // Its own row says how it ended (read at the next turn), not this call.
            await runClaimedJob(deps, claimed)
              .catch(() => undefined)
              .finally(() => tools.signal.removeEventListener('abort', cancel));
          }
        } finally {
          localRunning--;
        }
        continue;
      }
      await sleep(wait);
      wait = Math.min(MAX_POLL_MS, Math.ceil(wait * 1.5));
    }
  };
  return (request) => (!deps.remoteWorkers || localRunning === 0 ? here : elsewhere)(request);
}

const pick = ({ key, dataset, settings }: AutoMlStudyInput): AutoMlStudyInput => ({
  key,
  dataset,
  settings,
});
