import type { Registry } from '@assay/registry';
import { Controller, Get, Inject } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { notFound } from '../http/problem.js';
import { REGISTRY } from '../registry.token.js';

@Controller('v1/me')
export class MeController {
  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

  @Get()
  async me(@CurrentPrincipal() who: Principal) {
    const project = await this.registry.projects.getById(who.apiKey.projectId);
    if (!project) throw notFound('The project of this key');
    const { id, name, prefix, role } = who.apiKey;
    return { apiKey: { id, name, prefix, role }, project: { id: project.id, name: project.name } };
  }
}
