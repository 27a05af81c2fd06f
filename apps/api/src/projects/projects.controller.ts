import type { Registry } from '@assay/registry';
import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, RequireRole } from '../auth/principal.js';
import { requireOperator } from '../auth/require-operator.js';
import { resolveProject } from '../auth/resolve-project.js';
import type { ApiEnv } from '../env.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { API_ENV } from '../models/upload.js';
import { REGISTRY } from '../registry.token.js';
import { ZCreateProjectBodySchema, ZProjectPathSchema } from './projects.contract.js';

/** Projects: each key sees its own; the platform's operators create new ones. */
@Controller('v1/projects')
export class ProjectsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  @Get()
  async list(@CurrentPrincipal() who: Principal) {
    const project = await this.registry.projects.getById(who.apiKey.projectId);
    return { items: project ? [project] : [] };
  }

  @Get(':project')
  get(
    @CurrentPrincipal() who: Principal,
    @Param(new ZodPipe(ZProjectPathSchema, 'path')) path: z.infer<typeof ZProjectPathSchema>,
  ) {
    return resolveProject(this.registry, who, path.project);
  }

  @Post()
  @RequireRole('admin')
  async create(
    @CurrentPrincipal() who: Principal,
    @Body(new ZodPipe(ZCreateProjectBodySchema, 'body'))
    body: z.infer<typeof ZCreateProjectBodySchema>,
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
