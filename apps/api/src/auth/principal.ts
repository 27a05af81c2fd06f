import type { ApiKey, Role } from '@assay/registry';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Who is calling: the API key presented, hence its project and role. */
export interface Principal {
  apiKey: ApiKey;
}

export type AuthedRequest = FastifyRequest & { principal?: Principal };

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };
export const roleAtLeast = (have: Role, need: Role) => RANK[have] >= RANK[need];

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.principal) throw new Error('CurrentPrincipal used on a public route');
  return req.principal;
});
