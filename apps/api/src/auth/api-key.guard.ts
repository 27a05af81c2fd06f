import type { Role } from '@assay/registry';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemError, problem } from '../http/problem.js';
import { ApiKeyCache } from './api-key-cache.js';
import { type AuthedRequest, PUBLIC_ROUTE, REQUIRED_ROLE, roleAtLeast } from './principal.js';
import { RateLimiter } from './rate-limiter.js';

/** `Authorization: Bearer <api key>` on every route not marked `@Public()`. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ApiKeyCache) private readonly keys: ApiKeyCache,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match?.[1]) {
      throw new ProblemError(
        problem(
          401,
          'unauthorized',
          'Send an API key as `Authorization: Bearer <key>` (the first key is printed when the API starts on an empty database)',
        ),
      );
    }
    const apiKey = await this.keys.authenticate(match[1]);
    if (!apiKey) {
      throw new ProblemError(
        problem(401, 'unauthorized', 'The API key is unknown or has been revoked'),
      );
    }
    const wait = this.limiter.take(apiKey.id);
    if (wait !== null) {
      const seconds = Math.max(1, Math.ceil(wait));
      throw new ProblemError(
        problem(429, 'rate-limited', `Too many requests for this API key; retry in ${seconds} s`),
        { 'Retry-After': String(seconds) },
      );
    }
    const need = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'viewer';
    if (!roleAtLeast(apiKey.role, need)) {
      throw new ProblemError(
        problem(403, 'forbidden', `This route needs the ${need} role; the key has ${apiKey.role}`),
      );
    }
    req.principal = { apiKey };
    return true;
  }
}
