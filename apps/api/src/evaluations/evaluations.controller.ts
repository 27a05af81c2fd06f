import type { Registry } from '@assay/registry';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { z } from 'zod';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound } from '../http/problem.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { REGISTRY } from '../registry.token.js';
import {
  ZEvaluationPathSchema,
  ZEvaluationsPathSchema,
  ZListEvaluationsQuerySchema,
} from './evaluations.contract.js';

/** Stored batch evaluations (reports a promotion can cite). */
@Controller('v1/projects/:project/evaluations')
export class EvaluationsController {
  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

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
