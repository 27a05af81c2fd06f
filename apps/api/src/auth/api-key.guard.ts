import type { Role } from '@assay/registry';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemError, problem } from '../http/problem.js';
import { ApiKeyCache } from './api-key-cache.js';
import { type AuthedRequest, PUBLIC_ROUTE, REQUIRED_ROLE, roleAtLeast } from './principal.js';
import { RateLimiter } from './rate-limiter.js';

interface RoutePolicy {
  /** An inherited handler may sit in classes with other metadata. */
  controller: object;
  public: boolean;
  role: Role;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** `Authorization: Bearer <api key>` on every route not marked `@Public()`. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  // Decorator metadata is fixed once the app is built: read it once per handler, not per request.
  private readonly policies = new WeakMap<object, RoutePolicy>();

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ApiKeyCache) private readonly keys: ApiKeyCache,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const policy = this.policyOf(ctx);
    if (policy.public) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization;
    const match = header === undefined ? null : BEARER.exec(header);
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
    if (!roleAtLeast(apiKey.role, policy.role)) {
      throw new ProblemError(
        problem(
          403,
          'forbidden',
          `This route needs the ${policy.role} role; the key has ${apiKey.role}`,
        ),
      );
    }
    req.principal = { apiKey };
    return true;
  }

  private policyOf(ctx: ExecutionContext): RoutePolicy {
    const handler = ctx.getHandler();
    const controller = ctx.getClass();
    let policy = this.policies.get(handler);
    if (policy?.controller !== controller) {
      const targets = [handler, controller];
      policy = {
        controller,
        public: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true,
        role: this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'viewer',
      };
      this.policies.set(handler, policy);
    }
    return policy;
  }
}
