import { explain, listExplainers, type Model } from '@assay/core';
import type { Registry } from '@assay/registry';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, roleAtLeast } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { requestFingerprint, ZIdempotencyHeadersSchema } from '../http/idempotency.js';
import { ProblemError, problem } from '../http/problem.js';
import { validatePart, ZodPipe } from '../http/zod.pipe.js';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.js';
import { OUTBOUND, type Outbound } from '../outbound/outbound.js';
import { ModelCache } from '../predictions/model-cache.js';
import { REGISTRY } from '../registry.token.js';
import { checkDatasetSlices } from './dataset-refs.js';
import {
  ZExplainBodySchema,
  ZProjectExplainBodySchema,
  ZProjectExplainPathSchema,
} from './explanations.contract.js';
import { runExplanation } from './run-explanation.js';

/** Thin adapter over the core's explainer registry: the API explains nothing itself. */
@Controller('v1')
export class ExplanationsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(ModelCache) private readonly models: ModelCache<Model>,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(OUTBOUND) private readonly outbound: Outbound,
  ) {}

  @Get('explainers')
  list() {
    return { items: listExplainers() };
  }

  @Post('explanations')
  @HttpCode(200)
  run(@Body(new ZodPipe(ZExplainBodySchema, 'body')) body: z.infer<typeof ZExplainBodySchema>) {
    return explain(body.method, body.input, body.params ?? {});
  }

  @Post('projects/:project/explanations')
  @HttpCode(200)
  async runInProject(
    @CurrentPrincipal() who: Principal,
    @Param(new ZodPipe(ZProjectExplainPathSchema, 'path'))
    path: z.infer<typeof ZProjectExplainPathSchema>,
    @Body(new ZodPipe(ZProjectExplainBodySchema, 'body'))
    body: z.infer<typeof ZProjectExplainBodySchema>,
    @Headers() rawHeaders: Record<string, string | string[] | undefined>,
    @Res({ passthrough: true })
    res: { status(code: number): unknown; header(name: string, value: string): unknown },
  ) {
    const key = validatePart(ZIdempotencyHeadersSchema, rawHeaders, 'header')['idempotency-key'];
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
    if (!(asked ?? key !== undefined))
      return runExplanation(
        { registry: this.registry, models: this.models, outbound: this.outbound },
        project,
        request,
      );
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
