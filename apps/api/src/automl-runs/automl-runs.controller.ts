import type { AutoMlRun, Registry } from '@assay/registry';
import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { API_ENV, type ApiEnv } from '../env.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.js';
import { REGISTRY } from '../registry.token.js';
import {
  getAutoMlRunRoute,
  listAutoMlRunsRoute,
  startAutoMlRunRoute,
  type TStartAutoMlBody,
} from './automl-runs.contract.js';

/**
 * The columns a request names that the dataset lacks, as a 400 that lists the dataset's columns;
 * the target among the excluded ones, too. Checked before a job is queued, so that a typo is an
 * answer now, not a failed job later.
 */
function checkColumns(body: TStartAutoMlBody, columns: readonly string[]): void {
  const errors: { path: string; message: string }[] = [];
  const known = new Set(columns);
  const list = columns.slice(0, 50).join(', ');
  if (!known.has(body.target)) {
    errors.push({
      path: 'body.target',
      message: `the dataset has no column '${body.target}'; its columns: ${list}`,
    });
  }
  (body.excludeColumns ?? []).forEach((column, i) => {
    if (!known.has(column)) {
      errors.push({
        path: `body.excludeColumns.${i}`,
        message: `the dataset has no column '${column}'; its columns: ${list}`,
      });
    } else if (column === body.target) {
      errors.push({
        path: `body.excludeColumns.${i}`,
        message: `the target '${column}' cannot be excluded`,
      });
    }
  });
  if (errors.length > 0) {
    throw new ProblemError(
      problem(400, 'invalid-request', errors.map((e) => e.message).join('; '), { errors }),
    );
  }
}

/** AutoML runs: start one (a job), list them, read one with its leaderboard. */
@Controller()
export class AutoMlRunsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  @Route(startAutoMlRunRoute)
  async start(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof startAutoMlRunRoute>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const dataset = await this.registry.datasets.get(project.id, body.datasetId);
    if (!dataset) throw notFound(`Dataset '${body.datasetId}'`);
    checkColumns(body, dataset.columns);
    // Stored resolved, so the run says how many trials ran at once (the leaderboard depends on it).
    const request: TStartAutoMlBody = {
      ...body,
      parallelTrials:
        body.parallelTrials ??
        (this.queue.mode === 'redis' ? this.env.ASSAY_AUTOML_PARALLEL_TRIALS : 1),
    };
    const actor = actorOf(who);
    const created = await this.registry.autoMlRuns.create(
      {
        projectId: project.id,
        datasetId: dataset.id,
        modelName: body.modelName,
        settings: JSON.parse(JSON.stringify(request)),
        lineage: {
          dataset: {
            id: dataset.id,
            sha256: dataset.sha256,
            rows: dataset.rows,
            columns: dataset.columns,
          },
          seed: body.seed ?? 0,
        },
      },
      actor,
    );
    const job = await this.registry.jobs.create({
      projectId: project.id,
      kind: 'automl',
      input: { runId: created.id, request: JSON.parse(JSON.stringify(request)) },
      createdBy: actor,
      // A search that failed half-way starts again from nothing; one retry is enough.
      maxAttempts: 1,
    });
    const run = await this.registry.autoMlRuns.update(project.id, created.id, { jobId: job.id });
    await this.queue.enqueue(job);
    res.status(202);
    res.header('Location', `/v1/projects/${project.name}/automl-runs/${run.id}`);
    return { run, job };
  }

  @Route(listAutoMlRunsRoute)
  async list(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof listAutoMlRunsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const { status, datasetId, ...page } = query;
    return this.registry.autoMlRuns.list(
      project.id,
      { ...(status ? { status } : {}), ...(datasetId ? { datasetId } : {}) },
      page,
    );
  }

  @Route(getAutoMlRunRoute)
  async get(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof getAutoMlRunRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const run = await this.registry.autoMlRuns.get(project.id, path.id);
    if (!run) throw notFound(`AutoML run '${path.id}'`);
    return this.settle(run);
  }

  /**
   * A run whose job ended without its handler writing the end (cancelled while queued, or its
   * worker lost past its attempts) takes the job's end, so that it never stays `queued` forever.
   */
  private async settle(run: AutoMlRun): Promise<AutoMlRun> {
    if (run.jobId === null || ['succeeded', 'failed', 'cancelled'].includes(run.status)) return run;
    const job = await this.registry.jobs.get(run.projectId, run.jobId);
    if (job === null || (job.status !== 'cancelled' && job.status !== 'failed')) return run;
    const detail =
      job.status === 'cancelled'
        ? 'the job was cancelled'
        : (job.error?.detail ?? 'the job failed');
    try {
      return await this.registry.autoMlRuns.update(run.projectId, run.id, {
        status: job.status,
        error: { title: job.status === 'cancelled' ? 'Cancelled' : 'AutoML run failed', detail },
      });
    } catch {
      // The handler wrote the end meanwhile.
      return (await this.registry.autoMlRuns.get(run.projectId, run.id)) ?? run;
    }
  }
}
