import type { Experiment, Project, Registry } from '@assay/registry';
import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, RequireRole } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound } from '../http/problem.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { ZPageQuerySchema } from '../openapi/schemas.js';
import { REGISTRY } from '../registry.token.js';
import {
  ZCreateExperimentBodySchema,
  ZExperimentPathSchema,
  ZProjectOnlyPathSchema,
  ZStartRunBodySchema,
} from './experiments.contract.js';

type ExperimentPath = z.infer<typeof ZExperimentPathSchema>;
const projectPath = new ZodPipe(ZProjectOnlyPathSchema, 'path');
const experimentPath = new ZodPipe(ZExperimentPathSchema, 'path');
const pageQuery = new ZodPipe(ZPageQuerySchema, 'query');

/** Experiments of a project, and the runs started in them. */
@Controller('v1/projects/:project/experiments')
export class ExperimentsController {
  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

  @Post()
  @RequireRole('editor')
  async create(
    @CurrentPrincipal() who: Principal,
    @Param(projectPath) path: z.infer<typeof ZProjectOnlyPathSchema>,
    @Body(new ZodPipe(ZCreateExperimentBodySchema, 'body'))
    body: z.infer<typeof ZCreateExperimentBodySchema>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.experiments.create({ ...body, projectId: project.id }, actorOf(who));
  }

  @Get()
  async list(
    @CurrentPrincipal() who: Principal,
    @Param(projectPath) path: z.infer<typeof ZProjectOnlyPathSchema>,
    @Query(pageQuery) page: z.infer<typeof ZPageQuerySchema>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.experiments.list(project.id, page);
  }

  @Get(':experiment')
  async get(@CurrentPrincipal() who: Principal, @Param(experimentPath) path: ExperimentPath) {
    return (await this.experiment(who, path)).experiment;
  }

  @Post(':experiment/runs')
  @RequireRole('editor')
  async startRun(
    @CurrentPrincipal() who: Principal,
    @Param(experimentPath) path: ExperimentPath,
    @Body(new ZodPipe(ZStartRunBodySchema, 'body')) body: z.infer<typeof ZStartRunBodySchema>,
  ) {
    const { experiment } = await this.experiment(who, path);
    if (body.parentRunId) {
      const parent = await this.registry.runs.get(body.parentRunId);
      if (!parent || parent.projectId !== experiment.projectId)
        throw notFound(`Parent run '${body.parentRunId}'`);
    }
    return this.registry.runs.create({
      ...body,
      experimentId: experiment.id,
      createdBy: actorOf(who),
    });
  }

  @Get(':experiment/runs')
  async listRuns(
    @CurrentPrincipal() who: Principal,
    @Param(experimentPath) path: ExperimentPath,
    @Query(pageQuery) page: z.infer<typeof ZPageQuerySchema>,
  ) {
    const { experiment } = await this.experiment(who, path);
    return this.registry.runs.list(experiment.id, page);
  }

  private async experiment(
    who: Principal,
    path: ExperimentPath,
  ): Promise<{ project: Project; experiment: Experiment }> {
    const project = await resolveProject(this.registry, who, path.project);
    const experiment = await this.registry.experiments.get(project.id, path.experiment);
    if (!experiment) throw notFound(`Experiment '${path.experiment}'`);
    return { project, experiment };
  }
}
