import { type Explanation, listExplainers } from '@assay/core';
import type { Registry } from '@assay/registry';
import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { API_ENV, type ApiEnv } from '../env.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { abandonSignal } from '../jobs/compute/abandon-signal.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.js';
import { acceptedJob } from '../jobs/run-or-queue.js';
import { REGISTRY } from '../registry.token.js';
import { ModelCache } from '../versions/model-cache.js';
import { explainRoute, listExplainersRoute, projectExplainRoute } from './explanations.contract.js';
import { startExplanation } from './run-explanation.js';

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
    const project = await resolveProject(this.registry, who, path.project);
    const started = await startExplanation(
      {
        registry: this.registry,
        models: this.models,
        compute: this.compute,
        queue: this.queue,
        syncMaxRows: this.env.ASSAY_SYNC_MAX_EXPLAIN_ROWS,
      },
      project,
      body,
      who,
      headers['idempotency-key'],
      abandonSignal(res),
    );
    return started.queued ? acceptedJob(res, project, started.job) : started.result;
  }
}
