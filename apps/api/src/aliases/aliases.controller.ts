import type { Registry } from '@assay/registry';
import { Controller, Inject } from '@nestjs/common';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { REGISTRY } from '../registry.token.js';
import {
  aliasHistoryRoute,
  listAliasesRoute,
  removeAliasRoute,
  resolveAliasRoute,
  setAliasRoute,
} from './aliases.contract.js';

/** Aliases (production, staging, champion…) and their append-only ledger. */
@Controller()
export class AliasesController {
  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

  @Route(listAliasesRoute)
  async list(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query: page }: RouteInput<typeof listAliasesRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.aliases.list(project.id, path.model, page);
  }

  @Route(setAliasRoute)
  async set(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof setAliasRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.aliases.set(
      { ...body, projectId: project.id, modelName: path.model, alias: path.alias },
      actorOf(who),
    );
  }

  @Route(removeAliasRoute)
  async remove(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof removeAliasRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.aliases.remove(
      { ...query, projectId: project.id, modelName: path.model, alias: path.alias },
      actorOf(who),
    );
  }

  @Route(resolveAliasRoute)
  async resolve(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof resolveAliasRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const at = query.at ?? new Date();
    const version = await this.registry.aliases.resolveAt(project.id, path.model, path.alias, at);
    if (!version) {
      throw notFound(
        `Alias '${path.alias}' of model '${path.model}' pointing at a version${query.at ? ` at ${String(query.at)}` : ''}`,
      );
    }
    return version;
  }

  @Route(aliasHistoryRoute)
  async history(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query: page }: RouteInput<typeof aliasHistoryRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.aliases.history(project.id, path.model, path.alias, page);
  }
}
