import type { Role } from '@assay/registry';
import type { z } from 'zod';

/** A route's required role: a key's role, or `public` for routes that need no key. */
export type RouteRole = Role | 'public';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseContract {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

/**
 * One route's contract: the zod schemas that validate its path, query and body and that the
 * OpenAPI document is generated from, and who may call it. `@Route(contract)` derives the Nest
 * route, its role check and its validation from the same object the document is built from, so
 * the documentation cannot drift from what is enforced.
 */
export interface RouteContract {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/v1/projects/{project}/models`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /**
   * Who may call it: `public` needs no API key (health, server info, Prometheus); otherwise the
   * least role of the key (viewer < editor < admin). The guard enforces it and the document
   * states it (`x-required-role`).
   */
  role: RouteRole;
  pathParams?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers the route reads (lower-case names). */
  headers?: z.ZodObject;
  body?: z.ZodType;
  /**
   * Raw upload instead of a JSON body; with `multipart`, also accepted as a
   * `multipart/form-data` form whose JSON `metadata` field (this schema) precedes the file part.
   */
  rawBody?: {
    contentType: string;
    description: string;
    multipart?: { fileField: string; metadata: z.ZodType };
  };
  responses: Record<number, ResponseContract>;
}

export const defineRoute = <C extends RouteContract>(contract: C): C => contract;
