import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny S3-compatible server for tests: path-style PutObject, GetObject and HeadObject on one
 * bucket, in memory. It checks that requests are SigV4-signed with the expected access key id (it
 * does not verify signatures) and verifies `x-amz-checksum-sha256` like S3 does. Not S3: no
 * real S3 or S3-compatible server was exercised by these tests.
 */
export interface S3Stub {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Object key → bytes. */
  objects: Map<string, Buffer>;
  requests: { method: string; key: string; checksumSha256: string | undefined }[];
  /** Makes the next `n` requests fail with 500 InternalError. */
  failNext(n: number): void;
  close(): Promise<void>;
}

const xmlError = (res: ServerResponse, status: number, code: string, message: string) => {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
};

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startS3Stub(): Promise<S3Stub> {
  const bucket = 'assay-test';
  const accessKeyId = 'AKIASTUBTESTKEY';
  const objects = new Map<string, Buffer>();
  const requests: S3Stub['requests'] = [];
  let failures = 0;
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://stub');
      const [, first, ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      const method = req.method ?? 'GET';
      const checksum = req.headers['x-amz-checksum-sha256'];
      requests.push({
        method,
        key,
        checksumSha256: typeof checksum === 'string' ? checksum : undefined,
      });
      if (failures > 0) {
        failures -= 1;
        await bodyOf(req);
        return xmlError(res, 500, 'InternalError', 'stub told to fail');
      }
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`)) {
        await bodyOf(req);
        return xmlError(res, 403, 'InvalidAccessKeyId', 'unknown access key');
      }
      if (first !== bucket) return xmlError(res, 404, 'NoSuchBucket', 'no such bucket');
      if (method === 'PUT') {
        if (String(req.headers['content-encoding'] ?? '').includes('aws-chunked')) {
          await bodyOf(req);
          return xmlError(res, 400, 'NotImplemented', 'aws-chunked uploads are not supported');
        }
        const body = await bodyOf(req);
        const expected = req.headers['x-amz-checksum-sha256'];
        if (expected !== undefined) {
          const actual = createHash('sha256').update(body).digest('base64');
          if (actual !== expected) return xmlError(res, 400, 'BadDigest', 'checksum mismatch');
        }
        objects.set(key, body);
        res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
        return res.end();
      }
      if (method === 'GET' || method === 'HEAD') {
        const object = objects.get(key);
        if (object === undefined) {
          if (method === 'HEAD') {
            res.writeHead(404);
            return res.end();
          }
          return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
        }
        res.writeHead(200, {
          'content-length': object.byteLength,
          'content-type': 'application/octet-stream',
        });
        return res.end(method === 'GET' ? object : undefined);
      }
      return xmlError(res, 501, 'NotImplemented', `${method} is not implemented by the stub`);
    } catch (error) {
      return xmlError(res, 500, 'InternalError', String(error));
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId,
    secretAccessKey: 'stub-secret-not-checked',
    objects,
    requests,
    failNext(n) {
      failures = n;
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}
