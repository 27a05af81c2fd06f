import { type ApiKey, type Role, ZApiKeyPlaintextSchema } from '@assay/registry';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ProblemError, problem } from '../http/problem.js';
import { contractOf } from '../http/route.js';
import { ApiKeyCache } from './api-key-cache.js';
import { type AuthedRequest, roleAtLeast } from './principal.js';
import { RateLimiter } from './rate-limiter.js';

interface RoutePolicy {
  public: boolean;
  role: Role;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;
/** RFC 6750's challenge, sent with every 401 (with `error="invalid_token"` for a bad key). */
const CHALLENGE = 'Bearer realm="assay"';

/** Rate limiter of failed authentications, per client address (`ASSAY_AUTH_FAILURE_*`). */
export const AUTH_FAILURES = Symbol('AuthFailureLimiter');

/**
 * `Authorization: Bearer <api key>` with at least the role the route's contract requires
 * (`@Route(contract)`; `public` routes need no key).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  // Decorator metadata is fixed once the app is built: read it once per handler, not per request.
  private readonly policies = new WeakMap<object, RoutePolicy>();

  constructor(
    @Inject(ApiKeyCache) private readonly keys: ApiKeyCache,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(AUTH_FAILURES) private readonly failures: RateLimiter,
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
        { 'WWW-Authenticate': CHALLENGE },
      );
    }
    const apiKey = this.keys.cached(match[1]) ?? (await this.verify(match[1], req.ip));
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

  /**
   * Looks a key up, unless its client address sent too many unknown keys lately: then 429 with
   * `Retry-After`, before any database lookup. A key of the wrong shape costs no lookup at all
   * but counts as a failure too.
   */
  private async verify(plaintext: string, address: string): Promise<ApiKey> {
    const wait = this.failures.peek(address);
    if (wait !== null) {
      const seconds = Math.max(1, Math.ceil(wait));
      throw new ProblemError(
        problem(
          429,
          'rate-limited',
          `Too many requests with unknown API keys from this address; retry in ${seconds} s`,
        ),
        { 'Retry-After': String(seconds) },
      );
    }
    const apiKey = ZApiKeyPlaintextSchema.safeParse(plaintext).success
      ? await this.keys.authenticate(plaintext)
      : null;
    if (!apiKey) {
      this.failures.take(address);
      throw new ProblemError(
        problem(401, 'unauthorized', 'The API key is unknown or has been revoked'),
        {
          'WWW-Authenticate': `${CHALLENGE}, error="invalid_token", error_description="The API key is unknown or has been revoked"`,
        },
      );
    }
    return apiKey;
  }

  private policyOf(ctx: ExecutionContext): RoutePolicy {
    const handler = ctx.getHandler();
    let policy = this.policies.get(handler);
    if (!policy) {
      // Every route is declared with its contract; a handler without one still needs a key.
      const role = contractOf(handler)?.role ?? 'viewer';
      policy = role === 'public' ? { public: true, role: 'viewer' } : { public: false, role };
      this.policies.set(handler, policy);
    }
    return policy;
  }
}
