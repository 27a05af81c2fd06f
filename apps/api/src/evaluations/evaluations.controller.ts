import type { Registry } from '@assay/registry';
import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, RequireRole } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import type { ApiEnv } from '../env.js';
import { ZIdempotencyHeadersSchema } from '../http/idempotency.js';
import { notFound } from '../http/problem.js';
import { validatePart, ZodPipe } from '../http/zod.pipe.js';
import { abandonSignal } from '../jobs/compute/abandon-signal.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.js';
import { API_ENV } from '../models/upload.js';
import { ModelCache } from '../predictions/model-cache.js';
import { REGISTRY } from '../registry.token.js';
import {
  ZEvaluationPathSchema,
  ZEvaluationsPathSchema,
  ZListEvaluationsQuerySchema,
} from './evaluations.contract.js';
import { ZRunEvaluationBodySchema } from './run-evaluation.contract.js';
import { startEvaluation } from './run-evaluation.js';

/** Stored batch evaluations (reports a promotion can cite). */
@Controller('v1/projects/:project/evaluations')
export class EvaluationsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(ModelCache) private readonly models: ModelCache<ModelBytes>,
    @Inject(COMPUTE_POOL) private readonly compute: ComputePool,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  @Post()
  @RequireRole('editor')
  async run(
    @CurrentPrincipal() who: Principal,
    @Param(new ZodPipe(ZEvaluationsPathSchema, 'path')) path: z.infer<
      typeof ZEvaluationsPathSchema
    >,
    @Body(new ZodPipe(ZRunEvaluationBodySchema, 'body'))
    body: z.infer<typeof ZRunEvaluationBodySchema>,
    @Headers() rawHeaders: Record<string, string | string[] | undefined>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const headers = validatePart(ZIdempotencyHeadersSchema, rawHeaders, 'header');
    const project = await resolveProject(this.registry, who, path.project);
    const started = await startEvaluation(
      {
        registry: this.registry,
        models: this.models,
        compute: this.compute,
        queue: this.queue,
        syncMaxRows: this.env.ASSAY_SYNC_MAX_ROWS,
        syncMaxResampledRows: this.env.ASSAY_SYNC_MAX_RESAMPLED_ROWS,
      },
      project,
      body,
      actorOf(who),
      headers['idempotency-key'],
      abandonSignal(res),
    );
    if (started.status === 202) {
      res.status(202);
      res.header('Location', `/v1/projects/${project.name}/jobs/${started.job.id}`);
      return started.job;
    }
    return { evaluation: started.evaluation, report: started.report };
  }

  @Get()
  async list(
    @CurrentPrincipal() who: Principal,
    @Param(new ZodPipe(ZEvaluationsPathSchema, 'path')) path: z.infer<
      typeof ZEvaluationsPathSchema
    >,
    @Query(new ZodPipe(ZListEvaluationsQuerySchema, 'query'))
    query: z.infer<typeof ZListEvaluationsQuerySchema>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const { model, version, ...page } = query;
    return this.registry.evaluations.list(
      project.id,
      { ...(model ? { modelName: model } : {}), ...(version ? { version } : {}) },
      page,
    );
  }

  @Get(':evaluation')
  async get(
    @CurrentPrincipal() who: Principal,
    @Param(new ZodPipe(ZEvaluationPathSchema, 'path')) path: z.infer<typeof ZEvaluationPathSchema>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const evaluation = await this.registry.evaluations.get(project.id, path.evaluation);
    if (!evaluation) throw notFound(`Evaluation '${path.evaluation}'`);
    return evaluation;
  }
}
