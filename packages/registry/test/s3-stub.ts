import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny S3-compatible server for tests: path-style PutObject, GetObject, HeadObject,
 * DeleteObject, CopyObject (onto the same bucket), ListObjectsV2 and multipart uploads (create,
 * upload part, complete, abort) on one bucket, in memory. It checks that requests are SigV4-signed
 * with the expected access key id (it does not verify signatures) and verifies
 * `x-amz-checksum-sha256` of objects and parts like S3 does. Not S3: no real S3 or S3-compatible
 * server was exercised by these tests.
 */
export interface S3Stub {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Object key → bytes. */
  objects: Map<string, Buffer>;
  /** Object key → LastModified (tests may backdate objects). */
  modified: Map<string, Date>;
  /** Multipart uploads in progress: upload id → key and parts. */
  uploads: Map<string, { key: string; parts: Map<number, Buffer> }>;
  requests: {
    method: string;
    key: string;
    query: string;
    /** A CopyObject (`x-amz-copy-source`). */
    copy: boolean;
    checksumSha256: string | undefined;
  }[];
  /** Makes the next `n` requests fail with 500 InternalError. */
  failNext(n: number): void;
  /** Makes the requests matching `match` fail with 500 InternalError. */
  failWhen(match: ((request: { method: string; query: URLSearchParams }) => boolean) | null): void;
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
  const modified = new Map<string, Date>();
  const uploads: S3Stub['uploads'] = new Map();
  const requests: S3Stub['requests'] = [];
  let failures = 0;
  let failMatch: Parameters<S3Stub['failWhen']>[0] = null;
  let nextUploadId = 1;
  const xml = (res: ServerResponse, body: string) => {
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
  };
  const etagOf = (bytes: Buffer) => `"${createHash('md5').update(bytes).digest('hex')}"`;
  const checksumMatches = (req: IncomingMessage, body: Buffer) => {
    const expected = req.headers['x-amz-checksum-sha256'];
    return (
      expected === undefined || createHash('sha256').update(body).digest('base64') === expected
    );
  };
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
        query: url.search,
        copy: req.headers['x-amz-copy-source'] !== undefined,
        checksumSha256: typeof checksum === 'string' ? checksum : undefined,
      });
      if (failures > 0 || failMatch?.({ method, query: url.searchParams })) {
        failures = Math.max(0, failures - 1);
        await bodyOf(req);
        return xmlError(res, 500, 'InternalError', 'stub told to fail');
      }
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`)) {
        await bodyOf(req);
        return xmlError(res, 403, 'InvalidAccessKeyId', 'unknown access key');
      }
      if (first !== bucket) return xmlError(res, 404, 'NoSuchBucket', 'no such bucket');
      const q = url.searchParams;
      const uploadId = q.get('uploadId');
      if (method === 'GET' && key === '' && q.get('list-type') === '2') {
        const prefix = q.get('prefix') ?? '';
        const max = Number(q.get('max-keys') ?? 1000);
        const after = q.get('continuation-token') ?? '';
        const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
        const page = keys.slice(0, max);
        const truncated = keys.length > page.length;
        const contents = page
          .map(
            (k) =>
              `<Contents><Key>${k}</Key><LastModified>${(modified.get(k) ?? new Date()).toISOString()}</LastModified><ETag>${etagOf(objects.get(k) as Buffer)}</ETag><Size>${(objects.get(k) as Buffer).byteLength}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
          )
          .join('');
        return xml(
          res,
          `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${prefix}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${page.at(-1)}</NextContinuationToken>` : ''}${contents}</ListBucketResult>`,
        );
      }
      if (method === 'POST' && q.has('uploads')) {
        const id = `upload-${nextUploadId++}`;
        uploads.set(id, { key, parts: new Map() });
        return xml(
          res,
          `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
        );
      }
      if (uploadId !== null) {
        const upload = uploads.get(uploadId);
        if (upload === undefined || upload.key !== key) {
          await bodyOf(req);
          return xmlError(res, 404, 'NoSuchUpload', 'no such upload');
        }
        if (method === 'PUT') {
          const body = await bodyOf(req);
          if (!checksumMatches(req, body))
            return xmlError(res, 400, 'BadDigest', 'checksum mismatch');
          upload.parts.set(Number(q.get('partNumber')), body);
          res.writeHead(200, { etag: etagOf(body) });
          return res.end();
        }
        if (method === 'POST') {
          const listed = [
            ...(await bodyOf(req)).toString('utf8').matchAll(/<PartNumber>(\d+)<\/PartNumber>/g),
          ].map((m) => Number(m[1]));
          const parts = listed.map((n) => upload.parts.get(n));
          if (parts.some((part) => part === undefined)) {
            return xmlError(res, 400, 'InvalidPart', 'a listed part was not uploaded');
          }
          const whole = Buffer.concat(parts as Buffer[]);
          objects.set(key, whole);
          modified.set(key, new Date());
          uploads.delete(uploadId);
          return xml(
            res,
            `<CompleteMultipartUploadResult><Location>/${bucket}/${key}</Location><Bucket>${bucket}</Bucket><Key>${key}</Key><ETag>${etagOf(whole)}</ETag></CompleteMultipartUploadResult>`,
          );
        }
        if (method === 'DELETE') {
          uploads.delete(uploadId);
          res.writeHead(204);
          return res.end();
        }
      }
      if (method === 'PUT' && req.headers['x-amz-copy-source'] !== undefined) {
        await bodyOf(req);
        const source = decodeURIComponent(String(req.headers['x-amz-copy-source'])).replace(
          /^\//,
          '',
        );
        const object = objects.get(source.slice(bucket.length + 1));
        if (!source.startsWith(`${bucket}/`) || object === undefined) {
          return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
        }
        objects.set(key, object);
        modified.set(key, new Date());
        return xml(
          res,
          `<CopyObjectResult><LastModified>${new Date().toISOString()}</LastModified><ETag>${etagOf(object)}</ETag></CopyObjectResult>`,
        );
      }
      if (method === 'DELETE') {
        objects.delete(key);
        modified.delete(key);
        res.writeHead(204);
        return res.end();
      }
      if (method === 'PUT') {
        if (String(req.headers['content-encoding'] ?? '').includes('aws-chunked')) {
          await bodyOf(req);
          return xmlError(res, 400, 'NotImplemented', 'aws-chunked uploads are not supported');
        }
        const body = await bodyOf(req);
        if (!checksumMatches(req, body))
          return xmlError(res, 400, 'BadDigest', 'checksum mismatch');
        objects.set(key, body);
        modified.set(key, new Date());
        res.writeHead(200, { etag: etagOf(body) });
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
          'last-modified': (modified.get(key) ?? new Date()).toUTCString(),
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
    modified,
    uploads,
    requests,
    failNext(n) {
      failures = n;
    },
    failWhen(match) {
      failMatch = match;
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}
