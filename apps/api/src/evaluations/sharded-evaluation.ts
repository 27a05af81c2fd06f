import { randomUUID } from 'node:crypto';
import type { DatasetFingerprint, EvaluationShardState } from '@assay/core';
import type { Dataset, Job, ModelVersion, Project } from '@assay/registry';
import { z } from 'zod';
import { ProblemError, problem } from '../http/problem.js';
import type { JobDeps, JobOutcome, JobTools } from '../jobs/job-handler.js';
import { runClaimedJob } from '../jobs/run-job.js';
import type { ZEvaluationJobInputSchema } from './run-evaluation.contract.js';
import { toEvaluationInput } from './run-evaluation.js';

type JobInput = z.infer<typeof ZEvaluationJobInputSchema>;

/** How often the parent looks at its shards while none is left for it to run. */
const POLL_MS = 100;
/**
 * A shard still queued this long after it was created has found no free worker: the parent runs
 * it. Sooner, it would race the queue's own hand-over (a second attempt for nothing).
 */
const HELP_AFTER_MS = 1000;

/** Row ranges of `rows` rows, `size` at most each (one empty range for an empty dataset). */
export function shardRanges(rows: number, size: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let start = 0; start < rows; start += size)
    out.push({ start, end: Math.min(rows, start + size) });
  return out.length === 0 ? [{ start: 0, end: 0 }] : out;
}

const ZShardResultSchema = z.object({
  state: z.custom<EvaluationShardState>((v) => typeof v === 'object' && v !== null),
  fingerprint: z.custom<DatasetFingerprint>((v) => typeof v === 'object' && v !== null),
});

/**
 * The parent of a sharded batch test (an evaluation job whose input has `shard: { rows }`):
 * 1. creates one `evaluation-shard` job per row range, each with the idempotency key
 *    `shard:<parent id>:<index>`, so that a retried parent (its worker died) finds the shards the
 *    first attempt created, finished ones included, instead of starting them again;
 * 2. runs the first shard itself at once (it is never handed to the queue: the parent's worker
 *    slot would otherwise sit idle while a shard waits for another worker — and a shard the
 *    parent helped with later would be taken over, from the start, when the queue delivered it to
 *    a worker that came free, since a claim by id takes over a running job), and hands the others
 *    to the queue (BullMQ workers take them from Redis; the in-process queue and every worker's
 *    sweep find them in the database as well); then, while any is still queued,
 *    claims one by id and runs it itself (after `HELP_AFTER_MS`, so as not to race the queue) —
 *    only the attempt that owns a shard stores its result, so each shard's result is stored
 *    once, and a parent holding the only worker slot (ASSAY_JOB_CONCURRENCY=1) cannot wait
 *    forever;
 * 3. reports `k of n shards` as its progress; a failed or cancelled shard fails the parent with
 *    the shard's error (the other shards are cancelled);
 * 4. merges the shards' states in a compute thread (the core's `finishShardedEvaluation`) and
 *    returns the evaluation, which `runClaimedJob` stores in one transaction with the parent's
 *    success, only if this attempt still owns the parent: the database decides that exactly one
 *    merge is stored.
 */
export async function runShardedEvaluation(
  deps: JobDeps,
  job: Job,
  tools: JobTools,
  project: Project,
  spec: JobInput & { shard: { rows: number } },
  version: ModelVersion,
  dataset: Dataset,
): Promise<JobOutcome> {
  const { registry } = deps;
  const ranges = shardRanges(dataset.rows, spec.shard.rows);
  const n = ranges.length;
  await tools.progress({ fraction: 0, message: `0 of ${n} shards` });
  const children: Job[] = [];
  for (const [index, rowRange] of ranges.entries()) {
    const child = await registry.jobs.create({
      projectId: project.id,
      kind: 'evaluation-shard',
      input: {
        parentJobId: job.id,
        index,
        shards: n,
        datasetId: dataset.id,
        model: spec.model,
        version: version.number,
        target: spec.target,
        ...(spec.features ? { features: spec.features } : {}),
        metrics: JSON.parse(JSON.stringify(spec.metrics)),
        rowRange,
      },
      ...(job.createdBy ? { createdBy: job.createdBy } : {}),
      idempotencyKey: `shard:${job.id}:${index}`,
    });
    children.push(child);
    if (child.status === 'queued' && index > 0) await deps.enqueue?.(child);
  }
  const helper = `shard-helper:${job.id}:${randomUUID().slice(0, 8)}`;
  /** Claims a shard by id and runs it here; its own row says how it ended. */
  const runHere = async (shard: Job) => {
    const claimed = await registry.jobs.claim(helper, { leaseMs: deps.leaseMs, jobId: shard.id });
    if (claimed === null) return false;
    await runClaimedJob(deps, claimed).catch((error: unknown) => {
      deps.log.warn('a shard run by its parent ended without its result', {
        jobId: claimed.job.id,
        error: (error as Error).message,
      });
    });
    return true;
  };
  // The first shard, unless a previous attempt of this parent saw it end.
  const first = children[0] as Job;
  if (first.status === 'queued' || first.status === 'running') await runHere(first);
  let finished: Job[];
  /** Asks every shard still queued or running to stop (the parent will not merge them). */
  const cancelShards = async () => {
    const now = await Promise.all(children.map((c) => registry.jobs.getById(c.id)));
    await Promise.all(
      now
        .filter((c) => c !== null && (c.status === 'queued' || c.status === 'running'))
        .map((c) => registry.jobs.cancel(project.id, (c as Job).id).catch(() => undefined)),
    );
  };
  /**
   * The parent was cancelled: its shards stop too. Not when another attempt took the parent over
   * (its worker was presumed dead): that attempt goes on with the same shards.
   */
  const cancelled = () =>
    tools.signal.aborted &&
    (tools.signal.reason as { why?: unknown } | undefined)?.why === 'cancelled';
  for (;;) {
    if (tools.signal.aborted) {
      if (cancelled()) await cancelShards();
      tools.signal.throwIfAborted();
    }
    const now = await Promise.all(children.map((c) => registry.jobs.getById(c.id)));
    const bad = now.find((c) => c === null || c.status === 'failed' || c.status === 'cancelled');
    if (bad !== undefined) {
      await cancelShards();
      const index = now.indexOf(bad);
      const why =
        bad === null
          ? 'was deleted'
          : bad.status === 'cancelled'
            ? 'was cancelled'
            : `failed: ${bad.error?.title ?? 'Error'}: ${bad.error?.detail ?? ''}`;
      throw new ProblemError(
        problem(
          422,
          'shard-failed',
          `shard ${index + 1} of ${n} (job ${children[index]?.id}) ${why}`,
        ),
      );
    }
    const done = now.filter((c) => c?.status === 'succeeded').length;
    try {
      await tools.progress({ fraction: (0.95 * done) / n, message: `${done} of ${n} shards` });
    } catch (stopped) {
      if (cancelled()) await cancelShards();
      throw stopped;
    }
    if (done === n) {
      finished = now as Job[];
      break;
    }
    const waiting = now.find(
      (c) => c?.status === 'queued' && Date.now() - Date.parse(c.createdAt) >= HELP_AFTER_MS,
    );
    // A claim by id also takes over a job a worker claimed in the meantime (BullMQ redelivers
    // that way): then one attempt is superseded and only the owning one stores the result. The
    // helped shard's own row says how it ended, so its runner's errors are not the parent's.
    const helped = waiting === undefined ? false : await runHere(waiting as Job);
    if (!helped) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const results = finished.map((c) => ZShardResultSchema.parse(c.result));
  const report = await deps.compute.run(
    { kind: 'evaluation-merge', states: results.map((r) => r.state) },
    { signal: tools.signal, job: true },
  );
  await tools.progress({ fraction: 1, message: `${n} of ${n} shards: merged` });
  const fingerprint = (results[0] as z.infer<typeof ZShardResultSchema>).fingerprint;
  const evaluation = toEvaluationInput(project, spec.model, version.number, report, fingerprint, {
    actor: job.createdBy,
    datasetId: dataset.id,
  });
  return {
    result: { report: JSON.parse(JSON.stringify(report)), shards: n },
    evaluation,
  };
}
