import type { Registry } from '@assay/registry';
import { Body, Controller, Delete, Get, Inject, Param, Put, Query } from '@nestjs/common';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, RequireRole } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound } from '../http/problem.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { ZPageQuerySchema } from '../openapi/schemas.js';
import { REGISTRY } from '../registry.token.js';
import {
  ZAliasesPathSchema,
  ZAliasPathSchema,
  ZRemoveAliasQuerySchema,
  ZResolveAliasQuerySchema,
  ZSetAliasBodySchema,
} from './aliases.contract.js';

type AliasPath = z.infer<typeof ZAliasPathSchema>;
const aliasPath = new ZodPipe(ZAliasPathSchema, 'path');
const pageQuery = new ZodPipe(ZPageQuerySchema, 'query');

/** Aliases (production, staging, champion…) and their append-only ledger. */
@Controller('v1/projects/:project/models/:model/aliases')
export class AliasesController {
  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

  @Get()
  async list(
    @CurrentPrincipal() who: Principal,
    @Param(new ZodPipe(ZAliasesPathSchema, 'path')) path: z.infer<typeof ZAliasesPathSchema>,
    @Query(pageQuery) page: z.infer<typeof ZPageQuerySchema>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.aliases.list(project.id, path.model, page);
  }

  @Put(':alias')
  @RequireRole('editor')
  async set(
    @CurrentPrincipal() who: Principal,
    @Param(aliasPath) path: AliasPath,
    @Body(new ZodPipe(ZSetAliasBodySchema, 'body')) body: z.infer<typeof ZSetAliasBodySchema>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.aliases.set(
      { ...body, projectId: project.id, modelName: path.model, alias: path.alias },
      actorOf(who),
    );
  }

  @Delete(':alias')
  @RequireRole('editor')
  async remove(
    @CurrentPrincipal() who: Principal,
    @Param(aliasPath) path: AliasPath,
    @Query(new ZodPipe(ZRemoveAliasQuerySchema, 'query'))
    query: z.infer<typeof ZRemoveAliasQuerySchema>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.aliases.remove(
      { ...query, projectId: project.id, modelName: path.model, alias: path.alias },
      actorOf(who),
    );
  }

  @Get(':alias/version')
  async resolve(
    @CurrentPrincipal() who: Principal,
    @Param(aliasPath) path: AliasPath,
    @Query(new ZodPipe(ZResolveAliasQuerySchema, 'query'))
    query: z.infer<typeof ZResolveAliasQuerySchema>,
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

  @Get(':alias/history')
  async history(
    @CurrentPrincipal() who: Principal,
    @Param(aliasPath) path: AliasPath,
    @Query(pageQuery) page: z.infer<typeof ZPageQuerySchema>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.aliases.history(project.id, path.model, path.alias, page);
  }
}
