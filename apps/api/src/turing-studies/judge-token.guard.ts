import type { Registry, TuringJudgeSession } from '@assay/registry';
import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ProblemError, problem } from '../http/problem.js';
import { REGISTRY } from '../registry.token.js';

export type JudgeRequest = FastifyRequest & { judgeSession?: TuringJudgeSession };

const HEADER = 'x-judge-token';

/**
 * A judge's invitation token (`X-Judge-Token`) on the judging routes, which are public to API
 * keys: the token must be known, not revoked, and belong to the study in the path (its project
 * included). It reaches nothing else: API-key routes refuse it (it is not a key). Tokens are 32
 * random bytes, so guessing needs no rate limit of its own.
 */
@Injectable()
export class JudgeTokenGuard implements CanActivate {
  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<JudgeRequest>();
    const raw = req.headers[HEADER];
    const token = typeof raw === 'string' ? raw.trim() : '';
    if (token === '') {
      throw new ProblemError(
        problem(
          401,
          'unauthorized',
          'Send your invitation token as `X-Judge-Token: assay_judge_…`',
        ),
      );
    }
    const session = await this.registry.turingStudies.authenticateJudge(token);
    if (session === null) {
      throw new ProblemError(
        problem(401, 'unauthorized', 'The invitation token is unknown or has been revoked'),
      );
    }
    const params = req.params as { project?: string; id?: string };
    const project = params.project ? await this.registry.projects.getByName(params.project) : null;
    if (session.study.id !== params.id || project?.id !== session.study.projectId) {
      throw new ProblemError(
        problem(403, 'forbidden', 'This invitation is for another study; it reaches only its own'),
      );
    }
    req.judgeSession = session;
    return true;
  }
}

/** The judge and study the guard authenticated. */
export const CurrentJudge = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<JudgeRequest>();
  if (!req.judgeSession) throw new Error('CurrentJudge used without JudgeTokenGuard');
  return req.judgeSession;
});
