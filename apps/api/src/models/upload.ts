import { isUtf8 } from 'node:buffer';
import busboy from 'busboy';
import type { FastifyRequest } from 'fastify';
import { ProblemError, problem } from '../http/problem.js';
import { badTextReason } from '../http/text-guard.js';

export const ARTIFACT_CONTENT_TYPE = 'application/octet-stream';
export const MULTIPART_CONTENT_TYPE = 'multipart/form-data';

/** An upload: the file as a stream of chunks, and the form's text fields that came before it. */
export interface Upload {
  fields: Record<string, string>;
  file: AsyncIterable<Uint8Array>;
}

/**
 * The uploaded file of a request, streamed: either the raw body (`application/octet-stream`, or
 * one of `rawTypes`), or
 * the part named `fileField` of a `multipart/form-data` body, whose text fields must come before
 * it (they are read first, the file is then streamed through). A wrong content type is a 415;
 * more than `maxBytes` stops the upload with a 413 as soon as they arrive, so an oversized upload
 * never fills the disk.
 */
export async function readUpload(
  req: FastifyRequest,
  maxBytes: number,
  fileField: string,
  rawTypes: readonly string[] = [ARTIFACT_CONTENT_TYPE],
): Promise<Upload> {
  const type = contentTypeOf(req);
  const declared = Number(req.headers['content-length']);
  if (rawTypes.includes(type)) {
    if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
    // The body is left unread by the content-type parsers (`http/body-parsers.ts`): the raw
    // Node request is the stream.
    return { fields: {}, file: limited(req.raw as AsyncIterable<Buffer>, maxBytes) };
  }
  if (type === MULTIPART_CONTENT_TYPE) return readMultipart(req, maxBytes, fileField);
  throw new ProblemError(
    problem(
      415,
      'unsupported-media-type',
      `Send the file as the raw request body with Content-Type: ${rawTypes.join(', ')}, or as the '${fileField}' part of a ${MULTIPART_CONTENT_TYPE} body (got ${type || 'none'})`,
    ),
  );
}

/** The request's media type, lower-case, without parameters ('' when absent). */
export const contentTypeOf = (req: FastifyRequest) =>
  (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

async function* limited(source: AsyncIterable<Buffer>, maxBytes: number) {
  let seen = 0;
  try {
    for await (const chunk of source) {
      seen += chunk.byteLength;
      if (seen > maxBytes) throw tooLarge(maxBytes);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    // The client went away mid-upload (Node's `aborted`): a client's error, not the server's.
    throw badForm(`The upload broke off: ${(error as Error).message}`);
  }
}

const badForm = (detail: string, path = 'body') =>
  new ProblemError(
    problem(400, 'invalid-request', detail, { errors: [{ path, message: detail }] }),
  );

function readMultipart(req: FastifyRequest, maxBytes: number, fileField: string): Promise<Upload> {
  return new Promise<Upload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers as busboy.BusboyConfig['headers'],
        limits: { files: 1, fields: 20, fieldSize: 1024 * 1024, fileSize: maxBytes, parts: 21 },
        // Text fields arrive as their bytes (one latin1 character per byte), so that invalid
        // UTF-8 is refused below instead of being replaced by U+FFFD.
        defCharset: 'latin1',
      });
    } catch (error) {
      reject(badForm(`The multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    const fields: Record<string, string> = {};
    let found = false;
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) {
        reject(badForm(`Form field '${name}' is longer than 1 MiB`));
        return;
      }
      const bytes = Buffer.from(value, 'latin1');
      if (!isUtf8(bytes)) {
        reject(badForm(`Form field '${name}' is not valid UTF-8 text`, name));
        return;
      }
      const text = bytes.toString('utf8');
      const reason = badTextReason(text) ?? badTextReason(name);
      if (reason) {
        reject(badForm(`Form field '${name}' ${reason}`, JSON.stringify(name).slice(1, -1)));
        return;
      }
      fields[name] = text;
    });
    parser.on('file', (name, stream) => {
      if (name !== fileField || found) {
        stream.resume();
        return;
      }
      found = true;
      resolve({
        fields,
        file: (async function* () {
          let failed: Error | undefined;
          stream.on('limit', () => {
            failed = tooLarge(maxBytes);
            stream.destroy(failed);
          });
          // A client that goes away mid-upload ends the file part too (the form parser, fed by
          // a pipe, would wait for the rest forever), so the store removes its temporary file.
          const gone = () => {
            if (req.raw.complete) return;
            failed ??= badForm('The upload broke off: the client went away');
            stream.destroy(failed);
          };
          if (req.raw.destroyed) gone();
          else req.raw.once('close', gone);
          try {
            for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
          } catch (error) {
            throw failed ?? badForm(`The upload broke off: ${(error as Error).message}`);
          }
          if (failed) throw failed;
          if ((stream as { truncated?: boolean }).truncated) throw tooLarge(maxBytes);
        })(),
      });
    });
    parser.on('error', (error: Error) =>
      reject(badForm(`The multipart body cannot be read: ${error.message}`)),
    );
    parser.on('close', () => {
      if (!found) reject(badForm(`The form has no '${fileField}' file part`));
    });
    req.raw.pipe(parser);
  });
}

const tooLarge = (max: number) =>
  new ProblemError(
    problem(413, 'too-large', `The upload is larger than this server accepts (${max} bytes)`),
  );

/** The whole upload in memory (already bounded by `ASSAY_MAX_ARTIFACT_BYTES` while it streams). */
export async function readAll(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    size += chunk.byteLength;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
