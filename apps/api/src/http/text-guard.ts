import type { FastifyInstance } from 'fastify';
import { sendProblem } from './problem.filter.js';
import { ProblemError, problem } from './problem.js';

/**
 * Text the API refuses wherever a client sends it (JSON bodies, form fields, query and path
 * parameters, dataset column names): the NUL character, which neither PostgreSQL's `text` nor its
 * `jsonb` can store, and unpaired UTF-16 surrogates (`"\ud800"`), which are not Unicode text and
 * cannot be written as UTF-8. Refused at the edge with a 400 naming the field, rather than a 500
 * from the database or a silently altered value.
 */
const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';
const SURROGATE_MESSAGE = 'must be Unicode text: it contains an unpaired surrogate (e.g. \\ud800)';

// Code units, not code points (no `u` flag): a high surrogate not followed by a low one, or a
// low one not preceded by a high one. (`String.prototype.isWellFormed` is ES2024; we target 2023.)
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string is refused, or undefined when it is fine. */
export function badTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(text)) return SURROGATE_MESSAGE;
  return undefined;
}

/** A path segment for a key: as is when printable, else JSON-escaped (a NUL shows as `\u0000`). */
const segment = (key: string) => (badTextReason(key) ? JSON.stringify(key).slice(1, -1) : key);

/**
 * The first refused string in `value` (a parsed JSON value, or a record of parameters): its path
 * (`body.tags.a`, `query.name`, `body.rows.3.0`) and why. Keys are checked as well as values.
 * Iterative, so any depth is safe (JSON bodies are bounded at parse anyway).
 */
export function findBadText(
  value: unknown,
  root: string,
): { path: string; message: string } | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, string];
    if (typeof node === 'string') {
      const reason = badTextReason(node);
      if (reason) return { path, message: reason };
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const item = node[i];
        if (item !== null && typeof item !== 'number' && typeof item !== 'boolean')
          stack.push([item, `${path}.${i}`]);
      }
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node).reverse()) {
        const at = `${path}.${segment(key)}`;
        const reason = badTextReason(key);
        if (reason) return { path: at, message: `key ${reason}` };
        stack.push([(node as Record<string, unknown>)[key], at]);
      }
    }
  }
  return undefined;
}

export function badTextProblem(found: { path: string; message: string }): ProblemError {
  return new ProblemError(
    problem(400, 'invalid-text', `${found.path}: ${found.message}`, { errors: [found] }),
  );
}

/** Throws the 400 naming the first refused string in `value`. */
export function assertCleanText(value: unknown, root: string): void {
  const found = findBadText(value, root);
  if (found) throw badTextProblem(found);
}

/**
 * Whether JSON text may hold a refused string: NUL and unpaired surrogates can only arrive in
 * JSON as `\u` escapes (a raw control character is malformed JSON, a raw surrogate is not UTF-8),
 * so a body without `\u0000` or `\ud8..`–`\udf..` escapes needs no walk.
 */
export const mayHoldBadText = (json: string) => /\\u(?:0000|[dD][89a-fA-F])/.test(json);

/**
 * Query and path parameters get the same rules as bodies, before any route sees them: a
 * parameter holding NUL or an unpaired surrogate, or a query string whose percent-encoding is not
 * UTF-8 (`?name=%FF`, which the query parser would keep as the literal `%FF`), is a 400 naming it.
 * (A path that is not percent-encoded UTF-8 is already refused by the router.)
 */
export function parameterProblem(url: string, params: unknown): ProblemError | undefined {
  const q = url.indexOf('?');
  if (q >= 0) {
    for (const pair of url.slice(q + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      const name = decodeComponent(rawName);
      const path = `query.${segment(name ?? rawName)}`;
      const value = decodeComponent(eq < 0 ? '' : pair.slice(eq + 1));
      const message =
        name === undefined
          ? 'name must be percent-encoded UTF-8 text'
          : badTextReason(name) !== undefined
            ? `name ${badTextReason(name)}`
            : value === undefined
              ? 'must be percent-encoded UTF-8 text'
              : badTextReason(value);
      if (message) return badTextProblem({ path, message });
    }
  }
  const found = params && typeof params === 'object' ? findBadText(params, 'path') : undefined;
  return found ? badTextProblem(found) : undefined;
}

function decodeComponent(raw: string): string | undefined {
  if (!raw.includes('%')) return raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

/** Checks every request's query and path parameters (`parameterProblem`) before any route runs. */
export function installParameterGuard(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    const refused = parameterProblem(req.url, req.params);
    if (refused) {
      sendProblem(refused, req, reply);
      return;
    }
    done();
  });
}
