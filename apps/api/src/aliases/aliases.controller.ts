import { type GateRefusal, type Registry, RegistryError } from '@assay/registry';
import { Controller, Inject } from '@nestjs/common';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, roleAtLeast } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { REGISTRY } from '../registry.token.js';
import {
  aliasHistoryRoute,
  aliasWhyRoute,
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
    if (body.override && !roleAtLeast(who.apiKey.role, 'admin')) {
      throw new ProblemError(
        problem(
          403,
          'forbidden',
          `overriding an alias's gate needs the admin role; the key has ${who.apiKey.role}`,
        ),
      );
    }
    try {
      return await this.registry.aliases.set(
        { ...body, projectId: project.id, modelName: path.model, alias: path.alias },
        actorOf(who),
      );
    } catch (error) {
      // The gate's refusal: a 409 that carries the failing checks.
      const gate = (error as RegistryError).details as { gate?: GateRefusal } | undefined;
      if (error instanceof RegistryError && error.code === 'conflict' && gate?.gate) {
        throw new ProblemError(problem(409, 'gate-refused', error.message, { gate: gate.gate }));
      }
      throw error;
    }
  }

  @Route(aliasWhyRoute)
  async why(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof aliasWhyRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.aliases.why(project.id, path.model, path.alias, query.version);
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
