import type { Experiment, Project, Registry } from '@assay/registry';
import { Controller, Inject } from '@nestjs/common';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { REGISTRY } from '../registry.token.js';
import { runListOptions } from '../runs/run-list-query.js';
import {
  createExperimentRoute,
  getExperimentRoute,
  listExperimentsRoute,
  listRunsRoute,
  startRunRoute,
  type ZExperimentPathSchema,
} from './experiments.contract.js';

type ExperimentPath = z.infer<typeof ZExperimentPathSchema>;

/** Experiments of a project, and the runs started in them. */
@Controller()
export class ExperimentsController {
  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

  @Route(createExperimentRoute)
  async create(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof createExperimentRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.experiments.create({ ...body, projectId: project.id }, actorOf(who));
  }

  @Route(listExperimentsRoute)
  async list(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query: page }: RouteInput<typeof listExperimentsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.experiments.list(project.id, page);
  }

  @Route(getExperimentRoute)
  async get(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof getExperimentRoute>,
  ) {
    return (await this.experiment(who, path)).experiment;
  }

  @Route(startRunRoute)
  async startRun(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof startRunRoute>,
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

  @Route(listRunsRoute)
  async listRuns(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof listRunsRoute>,
  ) {
    const { experiment } = await this.experiment(who, path);
    const { cursor, limit } = query;
    return this.registry.runs.list(
      experiment.id,
      { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) },
      runListOptions(query),
    );
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
