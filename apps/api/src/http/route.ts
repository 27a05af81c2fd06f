import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  HttpCode,
  RequestMapping,
  RequestMethod,
  SetMetadata,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { HttpMethod, RouteContract } from '../openapi/contract.js';
import { validatePart } from './validate-part.js';

/** Metadata key of the contract a handler serves (read by the guard and by `@Input()`). */
export const ROUTE_CONTRACT = 'assay:route-contract';

const METHODS: Record<HttpMethod, RequestMethod> = {
  get: RequestMethod.GET,
  post: RequestMethod.POST,
  put: RequestMethod.PUT,
  patch: RequestMethod.PATCH,
  delete: RequestMethod.DELETE,
};

/** An OpenAPI path template as a Nest (and Fastify) route path: `/a/{b}` → `/a/:b`. */
export const toRoutePath = (template: string): string =>
  template.replace(/\{([^}]+)\}/g, (_match, name: string) => `:${name}`);

/** The status a route answers when all goes well: the lowest 2xx its contract documents. */
export function successStatus(contract: RouteContract): number {
  const statuses = Object.keys(contract.responses)
    .map(Number)
    .filter((s) => s >= 200 && s < 300);
  if (statuses.length === 0) throw new Error(`${contract.operationId} documents no 2xx response`);
  return Math.min(...statuses);
}

/** The contract a handler was declared with (`@Route`), if any. */
export const contractOf = (handler: object): RouteContract | undefined =>
  Reflect.getMetadata(ROUTE_CONTRACT, handler) as RouteContract | undefined;

/**
 * Declares a controller method as the route its contract describes, and nothing else: the
 * method and path (`{p}` → `:p`), the success status (the lowest 2xx documented), and the
 * contract itself as metadata, from which the guard reads the required role and `@Input()` the
 * schemas. Use it in a controller declared with a bare `@Controller()`: the path is the
 * contract's, whole.
 */
export const Route = (contract: RouteContract): MethodDecorator =>
  applyDecorators(
    RequestMapping({ path: toRoutePath(contract.path), method: METHODS[contract.method] }),
    HttpCode(successStatus(contract)),
    SetMetadata(ROUTE_CONTRACT, contract),
  );

type Parsed<C, K extends string> = C extends { [key in K]: infer S extends z.ZodType }
  ? z.infer<S>
  : undefined;

/** A route's validated input, typed from its contract's schemas (`undefined` where it has none). */
export interface RouteInput<C extends RouteContract> {
  path: Parsed<C, 'pathParams'>;
  query: Parsed<C, 'query'>;
  headers: Parsed<C, 'headers'>;
  body: Parsed<C, 'body'>;
}

/**
 * Validates a request with its contract's schemas, in the order path, query, body, headers: the
 * first part that fails answers the 400 problem naming each bad field of it (`validatePart`).
 */
export function validateInput<C extends RouteContract>(
  contract: C,
  req: Pick<FastifyRequest, 'params' | 'query' | 'body' | 'headers'>,
): RouteInput<C> {
  const part = (schema: z.ZodType | undefined, value: unknown, where: 'path' | 'query' | 'body') =>
    schema ? validatePart(schema, value, where) : undefined;
  const path = part(contract.pathParams, req.params, 'path');
  const query = part(contract.query, req.query, 'query');
  const body = part(contract.body, req.body, 'body');
  const headers = contract.headers
    ? validatePart(contract.headers, req.headers, 'header')
    : undefined;
  return { path, query, headers, body } as RouteInput<C>;
}

/**
 * The request's path, query, body and headers, each validated with the schema the handler's
 * `@Route` contract declares for it: `@Input() input: RouteInput<typeof someRoute>`.
 */
export const Input = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const contract = contractOf(ctx.getHandler());
  if (!contract) throw new Error('@Input() used on a handler without @Route(contract)');
  return validateInput(contract, ctx.switchToHttp().getRequest<FastifyRequest>());
});
