import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError, problem } from './problem.js';

/**
 * The API's request bodies, replacing Fastify's defaults:
 * - `application/json` up to `maxJsonBytes`, parsed once with `JSON.parse`; an empty body reads
 *   as `{}` and a top-level scalar is refused, as Express's `json({ strict: true })` did, so that
 *   clients see the same answers as before;
 * - every other type is left unread: the artifact upload streams it (`models/upload.ts`) and a
 *   JSON route then fails its body validation with a 400 that names the body.
 */
export function installBodyParsers(fastify: FastifyInstance, maxJsonBytes: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: maxJsonBytes },
    (
      _req: FastifyRequest,
      text: string | Buffer,
      done: (err: Error | null, body?: unknown) => void,
    ) => {
      try {
        done(null, parseJsonBody(String(text)));
      } catch (err) {
        done(err as Error);
      }
    },
  );
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}

export function parseJsonBody(text: string): unknown {
  let i = 0;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  if (i === text.length) return {};
  const first = text[i];
  if (first !== '{' && first !== '[') {
    throw malformed(`expected an object or an array, got ${JSON.stringify(text.slice(i, i + 20))}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw malformed((err as Error).message);
  }
}

const isJsonSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

const malformed = (why: string) =>
  new ProblemError(problem(400, 'malformed-json', `The request body is not valid JSON: ${why}`));
