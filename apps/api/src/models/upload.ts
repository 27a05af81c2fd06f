import type { FastifyRequest } from 'fastify';
import { ProblemError, problem } from '../http/problem.js';

export const API_ENV = Symbol('ApiEnv');

export const ARTIFACT_CONTENT_TYPE = 'application/octet-stream';

/**
 * The request body as a stream of chunks, refusing a wrong content type (415) and stopping
 * as soon as more than `maxBytes` arrive (413), so an oversized upload never fills the disk.
 */
export function artifactStream(req: FastifyRequest, maxBytes: number): AsyncIterable<Uint8Array> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== ARTIFACT_CONTENT_TYPE) {
    throw new ProblemError(
      problem(
        415,
        'unsupported-media-type',
        `Upload the artifact as the raw request body with Content-Type: ${ARTIFACT_CONTENT_TYPE} (got ${type || 'none'})`,
      ),
    );
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  return (async function* limited() {
    let seen = 0;
    // The body is left unread by the content-type parsers (`http/body-parsers.ts`): the raw
    // Node request is the stream.
    for await (const chunk of req.raw as AsyncIterable<Buffer>) {
      seen += chunk.byteLength;
      if (seen > maxBytes) throw tooLarge(maxBytes);
      yield chunk;
    }
  })();
}

const tooLarge = (max: number) =>
  new ProblemError(
    problem(413, 'too-large', `The artifact is larger than this server accepts (${max} bytes)`),
  );
