import type { Job, JsonValue, Project, Registry } from '@assay/registry';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../auth/actor.js';
import { type Principal, roleAtLeast } from '../auth/principal.js';
import { requestFingerprint } from '../http/idempotency.js';
import { ProblemError, problem } from '../http/problem.js';
import type { JobQueue } from './job-queue.js';

/**
 * What one request would do, once read: run within the request, or become a job. Built by the
 * domain (a batch test, an explanation, a future kind of job) after the checks and reads that
 * both ways need; {@link runOrQueue} decides which way it goes.
 */
export interface JobPlan<R> {
  /**
   * Expected to outlast a client's patience (rows, rows × resamples × metrics, predictions):
   * becomes a job unless the request says `async: false`.
   */
  heavy: boolean;
  /** Runs the work within the request. */
  run(): Promise<R>;
  /**
   * Checks what a job would only fail on later, stores inline data as a dataset, and returns the
   * job's stored input.
   */
  jobInput(): Promise<Record<string, JsonValue>>;
  /**
   * The 422 detail when heavy work without `async` comes from a key that may not start jobs (a
   * viewer's); without it, such a request gets the 403 that any job of a viewer's key gets.
   */
  tooHeavyDetail?: string;
}

/** A request that may run now or as a job. */
export interface RunOrQueueRequest {
  kind: Job['kind'];
  project: Project;
  who: Principal;
  /** The validated body: `async` decides when given; the whole is the idempotency fingerprint. */
  body: { async?: boolean | undefined };
  /** The `Idempotency-Key` header: the request runs as a job, and a retry gets the same job. */
  idempotencyKey: string | undefined;
}

export type RunOrQueued<R> = { queued: false; result: R } | { queued: true; job: Job };

/**
 * The one step from a request to either its result or a queued job, for every kind of job:
 * `async: false` with an `Idempotency-Key` is a 400; a keyed retry gets the first job back
 * (nothing read or stored again); otherwise the domain reads the request (`plan`), and the work
 * runs now unless asked (`async: true`, a key) or expected to outlast a client (`heavy`). A job
 * is a write: it needs an editor's key. The job's input (inline data stored as a dataset first)
 * is stored as a `queued` job, which is then handed to the queue.
 */
export async function runOrQueue<R>(
  deps: { registry: Registry; queue: JobQueue },
  request: RunOrQueueRequest,
  plan: () => Promise<JobPlan<R>>,
): Promise<RunOrQueued<R>> {
  const { registry, queue } = deps;
  const { kind, project, who, body, idempotencyKey: key } = request;
  const asked = body.async;
  if (key !== undefined && asked === false) {
    throw new ProblemError(
      problem(
        400,
        'invalid-request',
        'async: false with an Idempotency-Key: a keyed request runs as a job, so that a retry finds it; drop one of them',
        { errors: [{ path: 'body.async', message: 'must not be false with an Idempotency-Key' }] },
      ),
    );
  }
  const fingerprint = key === undefined ? undefined : requestFingerprint(kind, body);
  const editor = roleAtLeast(who.apiKey.role, 'editor');
  if (key !== undefined && fingerprint !== undefined && editor) {
    // A retry: the job the first request started (nothing stored again).
    const earlier = await registry.jobs.findByIdempotencyKey(project.id, key, fingerprint);
    if (earlier !== null) return { queued: true, job: earlier };
  }
  const planned = await plan();
  if (!(asked ?? (key !== undefined || planned.heavy))) {
    return { queued: false, result: await planned.run() };
  }
  if (asked === undefined && key === undefined && !editor && planned.tooHeavyDetail) {
    throw new ProblemError(problem(422, 'limit-exceeded', planned.tooHeavyDetail));
  }
  if (!editor) {
    throw new ProblemError(
      problem(
        403,
        'forbidden',
        `a job (async: true, or an Idempotency-Key) needs the editor role; the key has ${who.apiKey.role}`,
      ),
    );
  }
  const job = await registry.jobs.create({
    projectId: project.id,
    kind,
    input: await planned.jobInput(),
    createdBy: actorOf(who),
    // A retry with the key gets the first job back (the registry matches the request).
    ...(key === undefined ? {} : { idempotencyKey: key, requestSha256: fingerprint }),
  });
  await queue.enqueue(job);
  return { queued: true, job };
}

/** Answers a queued job: 202 with the job, and its address in `Location`. */
export function acceptedJob(res: FastifyReply, project: Project, job: Job): Job {
  res.status(202);
  res.header('Location', `/v1/projects/${project.name}/jobs/${job.id}`);
  return job;
}
