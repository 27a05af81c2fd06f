import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { FormatsPlugin } from 'ajv-formats';
import * as formatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its plugin is the module's `default` property.
const addFormats = (formatsModule as unknown as { default: FormatsPlugin }).default;

type Json = Record<string, unknown>;
type Operation = { responses?: Record<string, { content?: Record<string, { schema?: Json }> }> };

const DOC_ID = 'https://assay.invalid/openapi.json';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Paths that are not part of the API's document: its own description and the docs page. */
const UNDOCUMENTED = [/^\/openapi\.json$/, /^\/docs(\/|$)/];

/** An RFC 6901 pointer segment. */
const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Checks responses against an OpenAPI document: the status must be documented for the route and
 * method, and a JSON body (application/json or application/problem+json) must match the schema
 * documented for that status and content type ($refs into the document's components resolved by
 * ajv). A path that matches no documented route may only answer a problem (an unknown route's 404,
 * a framework error), checked against the Problem schema.
 */
export class OpenApiChecker {
  private readonly ajv: Ajv2020;
  private readonly routes: { method: string; template: string; re: RegExp; op: Operation }[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: Json) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema({ ...document, $id: DOC_ID });
    const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
    for (const [template, item] of Object.entries(paths)) {
      const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const method of METHODS) {
        const op = item[method];
        if (op) this.routes.push({ method, template, re, op });
      }
    }
    // Literal paths first (`/v1/metrics/accuracy` before `/v1/metrics/{name}`).
    this.routes.sort((a, b) => braces(a.template) - braces(b.template));
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOC_ID}#${ref}` });
      this.compiled.set(ref, validate);
    }
    return validate;
  }

  /**
   * The problems of one response (empty when it matches the document). `body` is the parsed
   * JSON body, or `undefined` when the response has none or is not JSON.
   */
  problems(
    method: string,
    url: string,
    status: number,
    contentType: string,
    body: unknown,
  ): string[] {
    // The server ignores a trailing slash (`/v1/projects/` is `/v1/projects`).
    const path = new URL(url, 'http://x').pathname.replace(/(.)\/+$/, '$1');
    if (UNDOCUMENTED.some((re) => re.test(path))) return [];
    const m = method.toLowerCase();
    const where = `${method.toUpperCase()} ${path} → ${status}`;
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    const isJson = mediaType === 'application/json' || mediaType === 'application/problem+json';
    const route = this.routes.find((r) => r.method === m && r.re.test(path));
    if (!route) {
      if (mediaType !== 'application/problem+json')
        return [`${where}: no documented route, and the answer is not a problem (${mediaType})`];
      return this.check(where, '/components/schemas/Problem', body);
    }
    const response = route.op.responses?.[String(status)];
    if (!response) return [`${where}: status ${status} is not documented for ${route.template}`];
    if (status === 204 || status === 304) return [];
    const content = response.content ?? {};
    if (!isJson) {
      const documented = Object.keys(content);
      if (documented.includes(mediaType) || (mediaType === '' && documented.length === 0))
        return [];
      return [
        `${where}: content type ${mediaType || 'none'} is not documented (${documented.join(', ') || 'none'})`,
      ];
    }
    if (!(mediaType in content))
      return [
        `${where}: content type ${mediaType} is not documented (${Object.keys(content).join(', ') || 'none'})`,
      ];
    const ref = `/paths/${pointer(route.template)}/${m}/responses/${status}/content/${pointer(mediaType)}/schema`;
    return this.check(where, ref, body);
  }

  private check(where: string, ref: string, body: unknown): string[] {
    const validate = this.validator(ref);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${where}: body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }
}

const braces = (template: string) => (template.match(/\{/g) ?? []).length;

/**
 * Reads what is needed from a response without consuming it: the JSON body of a JSON answer
 * (from a clone), nothing of a stream or binary one.
 */
export async function jsonBodyOf(res: Response): Promise<unknown> {
  const type = res.headers.get('content-type') ?? '';
  if (!/json/i.test(type)) return undefined;
  const text = await res.clone().text();
  return text === '' ? undefined : JSON.parse(text);
}

/** Throws when the response does not match the document (the harness calls it on every answer). */
export async function assertDocumented(
  checker: OpenApiChecker,
  method: string,
  url: string,
  res: Response,
): Promise<void> {
  const problems = checker.problems(
    method,
    url,
    res.status,
    res.headers.get('content-type') ?? '',
    await jsonBodyOf(res),
  );
  if (problems.length > 0) {
    throw new Error(`response does not match the OpenAPI document:\n  ${problems.join('\n  ')}`);
  }
}
