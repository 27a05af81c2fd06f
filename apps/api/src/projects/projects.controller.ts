import type { Registry } from '@assay/registry';
import { Controller, Inject } from '@nestjs/common';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { requireOperator } from '../auth/require-operator.js';
import { resolveProject } from '../auth/resolve-project.js';
import { API_ENV, type ApiEnv } from '../env.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { REGISTRY } from '../registry.token.js';
import { createProjectRoute, getProjectRoute, listProjectsRoute } from './projects.contract.js';

/** Projects: each key sees its own; the platform's operators create new ones. */
@Controller()
export class ProjectsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  @Route(listProjectsRoute)
  async list(@CurrentPrincipal() who: Principal) {
    const project = await this.registry.projects.getById(who.apiKey.projectId);
    return { items: project ? [project] : [] };
  }

  @Route(getProjectRoute)
  get(@CurrentPrincipal() who: Principal, @Input() { path }: RouteInput<typeof getProjectRoute>) {
    return resolveProject(this.registry, who, path.project);
  }

  @Route(createProjectRoute)
  async create(
    @CurrentPrincipal() who: Principal,
    @Input() { body }: RouteInput<typeof createProjectRoute>,
  ) {
    await requireOperator(this.registry, this.env, who);
    const actor = actorOf(who);
    const project = await this.registry.projects.create(body, actor);
    const { key, apiKey } = await this.registry.apiKeys.create(
      { projectId: project.id, role: 'admin', name: 'first admin key' },
      actor,
    );
    return { project, key, apiKey };
  }
}
