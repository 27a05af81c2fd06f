import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/**
 * A third-party S3 implementation for the artifact-store suite: s3rver (the npm package, in this
 * process, objects in a temporary directory), reached through a small recording proxy that can
 * also make requests fail (5xx), which no real server does on demand.
 *
 * What s3rver does not do, and so these tests cannot show: it ignores `x-amz-checksum-sha256`
 * (S3 rejects a body that does not match it) and does not verify SigV4 signatures (it does
 * refuse an unknown access key id). The store's own re-hash on every read is what is checked.
 */
export interface S3Server {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Every request that reached the proxy, in order. */
  requests: RecordedRequest[];
  /** The object's bytes as s3rver stored them on disk, or undefined. */
  object(key: string): Promise<Buffer | undefined>;
  /** Overwrites (tampers with) or deletes the stored object behind the server's back. */
  tamper(key: string, bytes: Buffer | null): Promise<void>;
  /** Backdates the object's LastModified (s3rver reads it from the file's mtime). */
  age(key: string, at: Date): Promise<void>;
  /** Multipart uploads started and neither completed nor aborted. */
  pendingUploads(): Promise<string[]>;
  /** Makes the next `n` requests fail with 500 InternalError. */
  failNext(n: number): void;
  /** Makes the requests matching `match` fail with 500 InternalError. */
  failWhen(match: ((request: { method: string; query: URLSearchParams }) => boolean) | null): void;
  close(): Promise<void>;
}

export interface RecordedRequest {
  method: string;
  /** The object key (path after the bucket), URL-decoded. */
  key: string;
  query: string;
  /** A CopyObject (`x-amz-copy-source`). */
  copy: boolean;
  checksumSha256: string | undefined;
}

const BUCKET = 'assay-test';
// s3rver's default account: any other access key id is refused with InvalidAccessKeyId.
const ACCESS_KEY_ID = 'S3RVER';
const SECRET_ACCESS_KEY = 'S3RVER';

export async function startS3Server(): Promise<S3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'assay-s3rver-'));
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port: upstream } = (await s3rver.run()) as AddressInfo;

  const requests: RecordedRequest[] = [];
  let failures = 0;
  let failWhen: ((request: { method: string; query: URLSearchParams }) => boolean) | null = null;
  const proxy = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const [, , ...rest] = url.pathname.split('/');
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    requests.push({
      method: req.method ?? 'GET',
      key: decodeURIComponent(rest.join('/')),
      query: url.search.slice(1),
      copy: header('x-amz-copy-source') !== undefined,
      checksumSha256: header('x-amz-checksum-sha256'),
    });
    const fail =
      failures > 0 ||
      (failWhen?.({ method: req.method ?? 'GET', query: url.searchParams }) ?? false);
    if (fail) {
      if (failures > 0) failures -= 1;
      req.resume();
      res.writeHead(500, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected by the test proxy</Message></Error>',
      );
      return;
    }
    const forward = httpRequest(
      {
        host: '127.0.0.1',
        port: upstream,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => res.destroy(error));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;

  // s3rver's file layout: <dir>/<bucket>/<key dirs>/<last segment>._S3rver_object.
  const objectPath = (key: string) => join(directory, BUCKET, `${key}._S3rver_object`);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: BUCKET,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
    requests,
    async object(key) {
      return readFile(objectPath(key)).catch(() => undefined);
    },
    async tamper(key, bytes) {
      if (bytes === null) await rm(objectPath(key), { force: true });
      else await writeFile(objectPath(key), bytes);
    },
    async age(key, at) {
      await utimes(objectPath(key), at, at);
    },
    async pendingUploads() {
      return readdir(join(directory, BUCKET, '._S3rver_uploads')).catch(() => []);
    },
    failNext(n) {
      failures = n;
    },
    failWhen(match) {
      failWhen = match;
    },
    async close() {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await s3rver.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
