import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError, problem } from './problem.js';
import { badTextProblem, findBadText, mayHoldBadText } from './text-guard.js';

/**
 * How deeply a JSON body may nest arrays and objects. Every request the API documents needs at
 * most a handful of levels (a matrix is 2, a job's input 5 or 6); a bound keeps every later step
 * (validation, `JSON.stringify` when a job is stored, clients reading a job list) far from any
 * recursion limit.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The API's request bodies, replacing Fastify's defaults:
 * - `application/json` up to `maxJsonBytes`, read as bytes and checked before `JSON.parse`: it
 *   must be UTF-8 (invalid bytes are refused, not replaced), nest at most `MAX_JSON_DEPTH` levels
 *   (a linear scan, so no depth can overflow a stack), and hold no NUL or unpaired surrogate in
 *   any string or key (`http/text-guard.ts`); each is a 400 saying which rule and, where it can,
 *   which field. An empty body reads as `{}` and a top-level scalar is refused, as Express's
 *   `json({ strict: true })` did, so that clients see the same answers as before;
 * - every other type is left unread: uploads stream it (`models/upload.ts`) and a JSON route then
 *   fails its body validation with a 400 that names the body.
 */
export function installBodyParsers(fastify: FastifyInstance, maxJsonBytes: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: maxJsonBytes },
    (
      _req: FastifyRequest,
      bytes: string | Buffer,
      done: (err: Error | null, body?: unknown) => void,
    ) => {
      try {
        done(null, parseJsonBody(bytes));
      } catch (err) {
        done(err as Error);
      }
    },
  );
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}

/** Parses a JSON request body (bytes or text) under the rules above, or throws the 400. */
export function parseJsonBody(input: string | Buffer, root = 'body'): unknown {
  if (typeof input !== 'string' && !isUtf8(input)) throw notUtf8(input, root);
  const text = typeof input === 'string' ? input : input.toString('utf8');
  let i = 0;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  if (i === text.length) return {};
  const first = text[i];
  if (first !== '{' && first !== '[') {
    throw malformed(`expected an object or an array, got ${JSON.stringify(text.slice(i, i + 20))}`);
  }
  assertJsonDepth(text, i);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw malformed((err as Error).message);
  }
  if (mayHoldBadText(text)) {
    const found = findBadText(value, root);
    if (found) throw badTextProblem(found);
  }
  return value;
}

/**
 * Refuses nesting deeper than `MAX_JSON_DEPTH` with one pass over the text (brackets inside
 * strings do not count). Malformed text passes here and fails in `JSON.parse`. `where` names the
 * text in the answer (the request body, or a form field holding JSON).
 */
export function assertJsonDepth(text: string, from = 0, where = 'The request body'): void {
  // Too short to open more brackets than the bound: nothing to scan (most requests).
  if (text.length - from <= MAX_JSON_DEPTH) return;
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new ProblemError(
          problem(
            400,
            'too-deep',
            `${where} nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep (at character ${i}); flatten it`,
          ),
        );
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
}

/**
 * Invalid UTF-8 is refused rather than replaced by U+FFFD. To name the field, the body is read
 * once more with replacement: the first string or key holding U+FFFD is where the bad bytes were
 * (when the body is well-formed JSON otherwise).
 */
function notUtf8(bytes: Buffer, root: string): ProblemError {
  const message = 'must be UTF-8 text: the request body has bytes that are not valid UTF-8';
  let path = root;
  try {
    const found = findReplacement(JSON.parse(bytes.toString('utf8')), root);
    if (found) path = found;
  } catch {
    // Not JSON even with replacements: the body as a whole is named.
  }
  return new ProblemError(
    problem(400, 'invalid-text', `${path}: ${message}`, { errors: [{ path, message }] }),
  );
}

function findReplacement(value: unknown, root: string): string | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, string];
    if (typeof node === 'string') {
      if (node.includes('\ufffd')) return path;
    } else if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node);
      for (let k = entries.length - 1; k >= 0; k--) {
        const [key, item] = entries[k] as [string, unknown];
        if (key.includes('\ufffd')) return `${path}.${key}`;
        stack.push([item, `${path}.${key}`]);
      }
    }
  }
  return undefined;
}

const isJsonSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

const malformed = (why: string) =>
  new ProblemError(problem(400, 'malformed-json', `The request body is not valid JSON: ${why}`));
