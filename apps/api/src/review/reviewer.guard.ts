import type { AuthenticatedReviewer, Registry } from '@assay/registry';
import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AUTH_FAILURES } from '../auth/api-key.guard.js';
import type { RateLimiter } from '../auth/rate-limiter.js';
import { API_ENV, type ApiEnv } from '../env.js';
import { ProblemError, problem } from '../http/problem.js';
import { REGISTRY } from '../registry.token.js';

type ReviewerRequest = FastifyRequest & { reviewer?: AuthenticatedReviewer };

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const CHALLENGE = 'Bearer realm="assay-review"';

/**
 * The reviewer routes' guard: `Authorization: Bearer <reviewer token>` (`asrev_…`, created by an
 * editor for one model's queue), valid (not revoked) and issued for the project and model of the
 * path — a token reaches its own queue only (403 elsewhere). API keys are not reviewer tokens.
 * Tokens are remembered for ASSAY_AUTH_CACHE_MS (a revocation takes effect within it); unknown
 * tokens count against the client address's failure budget, as unknown API keys do.
 */
@Injectable()
export class ReviewerGuard implements CanActivate {
  private readonly cache = new Map<string, { until: number; reviewer: AuthenticatedReviewer }>();
  private readonly cacheMs: number;

  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(AUTH_FAILURES) private readonly failures: RateLimiter,
    @Inject(API_ENV) env: ApiEnv,
  ) {
    this.cacheMs = env.ASSAY_AUTH_CACHE_MS;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<ReviewerRequest>();
    const match = BEARER.exec(req.headers.authorization ?? '');
    if (!match?.[1]) {
      throw new ProblemError(
        problem(
          401,
          'unauthorized',
          'Send a reviewer token as `Authorization: Bearer <token>` (an editor creates one for a model’s review queue)',
        ),
        { 'WWW-Authenticate': CHALLENGE },
      );
    }
    const reviewer = await this.authenticate(match[1], req.ip);
    const params = req.params as Record<string, string | undefined>;
    if (reviewer.projectName !== params.project || reviewer.modelName !== params.model) {
      throw new ProblemError(
        problem(403, 'forbidden', 'This reviewer token reaches its own model’s review queue only'),
      );
    }
    req.reviewer = reviewer;
    return true;
  }

  private async authenticate(token: string, address: string): Promise<AuthenticatedReviewer> {
    const hit = this.cache.get(token);
    if (hit && hit.until > Date.now()) return hit.reviewer;
    const wait = this.failures.peek(address);
    if (wait !== null) {
      const seconds = Math.max(1, Math.ceil(wait));
      throw new ProblemError(
        problem(
          429,
          'rate-limited',
          `Too many requests with unknown tokens from this address; retry in ${seconds} s`,
        ),
        { 'Retry-After': String(seconds) },
      );
    }
    const reviewer = await this.registry.reviews.authenticateReviewer(token);
    if (reviewer === null) {
      this.failures.take(address);
      throw new ProblemError(
        problem(401, 'unauthorized', 'The reviewer token is unknown or has been revoked'),
        { 'WWW-Authenticate': `${CHALLENGE}, error="invalid_token"` },
      );
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, { until: Date.now() + this.cacheMs, reviewer });
    return reviewer;
  }
}

/** The reviewer the guard authenticated. */
export const CurrentReviewer = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<ReviewerRequest>();
  if (!req.reviewer) throw new Error('CurrentReviewer used on a route without the ReviewerGuard');
  return req.reviewer;
});
