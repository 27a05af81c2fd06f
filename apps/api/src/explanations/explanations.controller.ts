import { type Explanation, listExplainers } from '@assay/core';
import type { Registry } from '@assay/registry';
import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, roleAtLeast } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import type { ApiEnv } from '../env.js';
import { requestFingerprint } from '../http/idempotency.js';
import { ProblemError, problem } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { abandonSignal } from '../jobs/compute/abandon-signal.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import { explanationWork } from '../jobs/compute/estimate.js';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.js';
import { API_ENV } from '../models/upload.js';
import { ModelCache } from '../predictions/model-cache.js';
import { REGISTRY } from '../registry.token.js';
import { checkDatasetSlices } from './dataset-refs.js';
import { explainRoute, listExplainersRoute, projectExplainRoute } from './explanations.contract.js';
import { runExplanation } from './run-explanation.js';

/** Thin adapter over the core's explainer registry: the API explains nothing itself. */
@Controller()
export class ExplanationsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(ModelCache) private readonly models: ModelCache<ModelBytes>,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(COMPUTE_POOL) private readonly compute: ComputePool,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  @Route(listExplainersRoute)
  list() {
    return { items: listExplainers() };
  }

  @Route(explainRoute)
  async run(
    @Input() { body }: RouteInput<typeof explainRoute>,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<Explanation> {
    return (await this.compute.run(
      { kind: 'explanation', method: body.method, input: body.input, params: body.params ?? {} },
      { signal: abandonSignal(res) },
    )) as unknown as Explanation;
  }

  @Route(projectExplainRoute)
  async runInProject(
    @CurrentPrincipal() who: Principal,
    @Input() { path, headers, body }: RouteInput<typeof projectExplainRoute>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const key = headers['idempotency-key'];
    const project = await resolveProject(this.registry, who, path.project);
    const { async: asked, ...request } = body;
    if (key !== undefined && asked === false) {
      throw new ProblemError(
        problem(
          400,
          'invalid-request',
          'async: false with an Idempotency-Key: a keyed request runs as a job, so that a retry finds it; drop one of them',
          {
            errors: [{ path: 'body.async', message: 'must not be false with an Idempotency-Key' }],
          },
        ),
      );
    }
    // Without `async`, an explanation whose estimated predictions would outlast a client's patience
    // becomes a job (an editor's key), or is refused with the bound (a viewer's key).
    const work = explanationWork(request.method, request.input, request.params);
    const heavy = work > this.env.ASSAY_SYNC_MAX_EXPLAIN_ROWS;
    if (!(asked ?? (key !== undefined || heavy))) {
      return runExplanation(
        { registry: this.registry, models: this.models, compute: this.compute },
        project,
        request,
        abandonSignal(res),
      );
    }
    if (asked === undefined && key === undefined && !roleAtLeast(who.apiKey.role, 'editor')) {
      throw new ProblemError(
        problem(
          422,
          'limit-exceeded',
          `the explanation would predict about ${work} rows, more than a request may (ASSAY_SYNC_MAX_EXPLAIN_ROWS = ${this.env.ASSAY_SYNC_MAX_EXPLAIN_ROWS}); run it as a job with an editor's key (async: true), or send async: false to compute it within the request's time limit`,
        ),
      );
    }
    // A job is a write: as every other write, it needs an editor's key.
    if (!roleAtLeast(who.apiKey.role, 'editor')) {
      throw new ProblemError(
        problem(
          403,
          'forbidden',
          `a job (async: true, or an Idempotency-Key) needs the editor role; the key has ${who.apiKey.role}`,
        ),
      );
    }
    // As the request that runs at once: another project's dataset is a 404 now, not a failed job.
    await checkDatasetSlices(this.registry, project, request.input);
    const job = await this.registry.jobs.create({
      projectId: project.id,
      kind: 'explanation',
      input: JSON.parse(JSON.stringify(request)),
      createdBy: actorOf(who),
      // A retry with the key gets the first job back (the registry matches the request).
      ...(key === undefined
        ? {}
        : { idempotencyKey: key, requestSha256: requestFingerprint('explanation', body) }),
    });
    await this.queue.enqueue(job);
    res.status(202);
    res.header('Location', `/v1/projects/${project.name}/jobs/${job.id}`);
    return job;
  }
}
