import type { Registry } from '@assay/registry';
import { Controller, Inject } from '@nestjs/common';
import { actorOf } from '../auth/actor.js';
import { ApiKeyCache } from '../auth/api-key-cache.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { REGISTRY } from '../registry.token.js';
import { createKeyRoute, listKeysRoute, revokeKeyRoute } from './keys.contract.js';

/** API key management, for a project's admins. */
@Controller()
export class KeysController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(ApiKeyCache) private readonly cache: ApiKeyCache,
  ) {}

  @Route(listKeysRoute)
  async list(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query: page }: RouteInput<typeof listKeysRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.apiKeys.list(project.id, page);
  }

  @Route(createKeyRoute)
  async create(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof createKeyRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.apiKeys.create({ ...body, projectId: project.id }, actorOf(who));
  }

  @Route(revokeKeyRoute)
  async revoke(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof revokeKeyRoute>,
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
