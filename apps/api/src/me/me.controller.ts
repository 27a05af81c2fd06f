import type { Registry } from '@assay/registry';
import { Controller, Inject } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { notFound } from '../http/problem.js';
import { Route } from '../http/route.js';
import { REGISTRY } from '../registry.token.js';
import { meRoute } from './me.contract.js';

@Controller()
export class MeController {
  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

  @Route(meRoute)
  async me(@CurrentPrincipal() who: Principal) {
    const project = await this.registry.projects.getById(who.apiKey.projectId);
    if (!project) throw notFound('The project of this key');
    const { id, name, prefix, role } = who.apiKey;
    return { apiKey: { id, name, prefix, role }, project: { id: project.id, name: project.name } };
  }
}
