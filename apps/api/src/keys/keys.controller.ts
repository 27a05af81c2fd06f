import type { Registry } from '@assay/registry';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { ApiKeyCache } from '../auth/api-key-cache.js';
import { CurrentPrincipal, type Principal, RequireRole } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound } from '../http/problem.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { ZPageQuerySchema } from '../openapi/schemas.js';
import { REGISTRY } from '../registry.token.js';
import { ZCreateKeyBodySchema, ZKeyPathSchema, ZKeysPathSchema } from './keys.contract.js';

/** API key management, for a project's admins. */
@Controller('v1/projects/:project/keys')
@RequireRole('admin')
export class KeysController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(ApiKeyCache) private readonly cache: ApiKeyCache,
  ) {}

  @Get()
  async list(
    @CurrentPrincipal() who: Principal,
    @Param(new ZodPipe(ZKeysPathSchema, 'path')) path: z.infer<typeof ZKeysPathSchema>,
    @Query(new ZodPipe(ZPageQuerySchema, 'query')) page: z.infer<typeof ZPageQuerySchema>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.apiKeys.list(project.id, page);
  }

  @Post()
  async create(
    @CurrentPrincipal() who: Principal,
    @Param(new ZodPipe(ZKeysPathSchema, 'path')) path: z.infer<typeof ZKeysPathSchema>,
    @Body(new ZodPipe(ZCreateKeyBodySchema, 'body')) body: z.infer<typeof ZCreateKeyBodySchema>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.apiKeys.create({ ...body, projectId: project.id }, actorOf(who));
  }

  @Delete(':key')
  @HttpCode(204)
  async revoke(
    @CurrentPrincipal() who: Principal,
    @Param(new ZodPipe(ZKeyPathSchema, 'path')) path: z.infer<typeof ZKeyPathSchema>,
  ): Promise<void> {
    const project = await resolveProject(this.registry, who, path.project);
    // Revocation is by id: make sure the key is this project's before touching it.
    let cursor: string | undefined;
    for (;;) {
      const page = await this.registry.apiKeys.list(project.id, {
        limit: 500,
        ...(cursor ? { cursor } : {}),
      });
      if (page.items.some((k) => k.id === path.key)) break;
      if (!page.nextCursor) throw notFound(`API key '${path.key}'`);
      cursor = page.nextCursor;
    }
    await this.registry.apiKeys.revoke(path.key, actorOf(who));
    this.cache.forget(path.key);
  }
}
