import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ArtifactStore } from '../../src/artifacts/s3-artifact-store.js';
import { createRegistry } from '../../src/create-registry.js';
import { openRegistry, type Registry, RegistryError } from '../../src/index.js';
import type { BackendFixture } from '../backends.js';
import { bytesOf, expectRegistryError, sha256, unique } from '../helpers.js';
import { type S3Server, startS3Server } from '../s3-server.js';

/**
 * The S3-compatible artifact store against a third-party S3 implementation (s3rver, behind a
 * recording proxy that can inject failures: test/s3-server.ts), with the backend's database.
 */
export function s3ArtifactSuite(fixture: () => BackendFixture): void {
  describe('S3-compatible artifact store (s3rver)', () => {
    let stub: S3Server;
    let spool: string;
    let registry: Registry;
    const options = () => ({
      endpoint: stub.endpoint,
      bucket: stub.bucket,
      region: 'eu-west-3',
      accessKeyId: stub.accessKeyId,
      secretAccessKey: stub.secretAccessKey,
      prefix: 'assay/',
    });

    beforeAll(async () => {
      stub = await startS3Server();
      spool = await mkdtemp(join(tmpdir(), 'assay-s3-spool-'));
      const f = fixture();
      registry = createRegistry(
        { db: f.ctx.db, artifacts: new S3ArtifactStore(options(), spool) },
        f.registry.backend,
        async () => {},
      );
    });
    afterAll(async () => {
      await stub?.close();
      await rm(spool, { recursive: true, force: true });
    });

    const newModel = async () => {
      const project = await registry.projects.create({ name: unique('s3-proj') });
      await registry.models.register({ projectId: project.id, name: 'm' });
      return project;
    };

    it('stores a streamed artifact under <prefix>sha256/ab/cdef… and reads it back verified', async () => {
      const project = await newModel();
      const parts = [bytesOf('hello '), bytesOf('S3 '), new Uint8Array(2 * 1024 * 1024).fill(7)];
      const whole = Buffer.concat(parts);
      async function* chunks() {
        yield* parts;
      }
      const version = await registry.versions.create({
        projectId: project.id,
        modelName: 'm',
        format: 'onnx',
        artifact: chunks(),
        expectedSha256: sha256(whole),
      });
      const hash = sha256(whole);
      expect(version).toMatchObject({
        sha256: hash,
        sizeBytes: whole.byteLength,
        storageKey: `sha256/${hash.slice(0, 2)}/${hash.slice(2)}`,
      });
      expect((await stub.object(`assay/${version.storageKey}`))?.equals(whole)).toBe(true);
      const put = stub.requests.find((r) => r.method === 'PUT' && r.key.endsWith(hash.slice(2)));
      expect(put?.checksumSha256).toBe(Buffer.from(hash, 'hex').toString('base64'));
      expect(Buffer.from(await registry.versions.readArtifact(version)).equals(whole)).toBe(true);
      expect(await readdir(spool)).toEqual([]);
      // The local artifact directory is not used.
      expect(await readdir(fixture().artifactDir)).not.toContain(hash);
    });

    it('uploads identical content once (content addressing), renews it, and verifies every read', async () => {
      const project = await newModel();
      const bytes = bytesOf(`same bytes ${unique('x')}`);
      const uploads = () => stub.requests.filter((r) => r.method === 'PUT' && !r.copy).length;
      const before = uploads();
      const v1 = await registry.versions.create({
        projectId: project.id,
        modelName: 'm',
        format: 'json',
        artifact: bytes,
      });
      const v2 = await registry.versions.create({
        projectId: project.id,
        modelName: 'm',
        format: 'json',
        artifact: bytes,
      });
      expect([v1.number, v2.number]).toEqual([1, 2]);
      expect(v2.storageKey).toBe(v1.storageKey);
      expect(uploads() - before).toBe(1);
      const key = `assay/${v1.storageKey}`;
      // The second registration copied the object onto itself: a fresh LastModified for gc.
      // (S3 then renews LastModified; s3rver leaves the file alone, so only the request is checked.)
      expect(stub.requests.filter((r) => r.copy && r.key === key)).toHaveLength(1);
      await stub.tamper(key, Buffer.from('tampered'));
      const corrupt = await expectRegistryError(registry.versions.readArtifact(v1), 'integrity');
      expect(corrupt.message).toMatch(/is corrupt/);
      await stub.tamper(key, null);
      const missing = await expectRegistryError(registry.versions.readArtifact(v1), 'integrity');
      expect(missing.message).toMatch(/missing from the bucket/);
      await expectRegistryError(
        registry.versions.readArtifact({ ...v1, storageKey: '../../etc/passwd' }),
        'integrity',
      );
    });

    it('stores nothing on a checksum mismatch, and registers no version when the upload fails', async () => {
      const project = await newModel();
      const puts = () => stub.requests.filter((r) => r.method === 'PUT').length;
      const before = puts();
      await expectRegistryError(
        registry.versions.create({
          projectId: project.id,
          modelName: 'm',
          format: 'json',
          artifact: bytesOf('abc'),
          expectedSha256: 'f'.repeat(64),
        }),
        'invalid',
      );
      expect(puts()).toBe(before);
      stub.failNext(10); // more than the SDK's 3 attempts
      const error = await expectRegistryError(
        registry.versions.create({
          projectId: project.id,
          modelName: 'm',
          format: 'json',
          artifact: bytesOf(`fails ${unique('y')}`),
        }),
        'unavailable',
      );
      stub.failNext(0);
      expect(error.message).toMatch(/Artifact store \(S3\) failed/);
      expect((await registry.versions.list(project.id, 'm')).items).toEqual([]);
      expect(await readdir(spool)).toEqual([]);
    });

    it('uploads a large artifact in parts (each with its sha256) and reads it back verified', async () => {
      const f = fixture();
      const store = new S3ArtifactStore(options(), spool, { partBytes: 64 * 1024 });
      const parted = createRegistry(
        { db: f.ctx.db, artifacts: store },
        f.registry.backend,
        async () => {},
      );
      const project = await newModel();
      const whole = Buffer.alloc(200 * 1024 + 17);
      for (let i = 0; i < whole.length; i += 1) whole[i] = (i * 31 + 7) % 251;
      async function* chunks() {
        for (let i = 0; i < whole.length; i += 10_000) yield whole.subarray(i, i + 10_000);
      }
      const from = stub.requests.length;
      const version = await parted.versions.create({
        projectId: project.id,
        modelName: 'm',
        format: 'onnx',
        artifact: chunks(),
      });
      const sent = stub.requests.slice(from);
      const query = (r: { query: string }) => new URLSearchParams(r.query);
      expect(sent.filter((r) => r.method === 'POST' && query(r).has('uploads'))).toHaveLength(1);
      expect(sent.filter((r) => r.method === 'POST' && query(r).has('uploadId'))).toHaveLength(1);
      const parts = sent.filter((r) => r.method === 'PUT' && query(r).has('partNumber'));
      expect(parts).toHaveLength(4);
      expect(parts.every((r) => r.checksumSha256 !== undefined)).toBe(true);
      expect(sent.filter((r) => r.method === 'PUT' && !query(r).has('partNumber'))).toEqual([]);
      expect((await stub.object(`assay/${version.storageKey}`))?.equals(whole)).toBe(true);
      expect(await stub.pendingUploads()).toEqual([]);
      expect(Buffer.from(await parted.versions.readArtifact(version)).equals(whole)).toBe(true);
    });

    it('aborts a multipart upload when a part fails, leaving no parts, object or version', async () => {
      const f = fixture();
      const store = new S3ArtifactStore(options(), spool, { partBytes: 64 * 1024 });
      const parted = createRegistry(
        { db: f.ctx.db, artifacts: store },
        f.registry.backend,
        async () => {},
      );
      const project = await newModel();
      const bytes = Buffer.alloc(150 * 1024, 3);
      bytes.write(unique('abort'));
      stub.failWhen(({ method, query }) => method === 'PUT' && query.get('partNumber') === '2');
      try {
        await expectRegistryError(
          parted.versions.create({
            projectId: project.id,
            modelName: 'm',
            format: 'onnx',
            artifact: bytes,
          }),
          'unavailable',
        );
      } finally {
        stub.failWhen(null);
      }
      expect(stub.requests.some((r) => r.method === 'DELETE' && r.query.includes('uploadId'))).toBe(
        true,
      );
      // s3rver does not implement AbortMultipartUpload (it keeps the parts); S3 drops them.
      expect(
        await stub.object(`assay/sha256/${sha256(bytes).slice(0, 2)}/${sha256(bytes).slice(2)}`),
      ).toBeUndefined();
      expect((await parted.versions.list(project.id, 'm')).items).toEqual([]);
      expect(await readdir(spool)).toEqual([]);
    });

    it('keeps datasets in the bucket; artifacts.gc deletes old unreferenced objects only', async () => {
      const f = fixture();
      const store = new S3ArtifactStore(options(), spool);
      const gcRegistry = createRegistry(
        { db: f.ctx.db, artifacts: store },
        f.registry.backend,
        async () => {},
      );
      const project = await newModel();
      const kept = await gcRegistry.versions.create({
        projectId: project.id,
        modelName: 'm',
        format: 'json',
        artifact: bytesOf(unique('kept')),
      });
      const csv = `a,b\n1,${unique('dataset')}\n`;
      const dataset = await gcRegistry.datasets.create({
        projectId: project.id,
        format: 'csv',
        artifact: bytesOf(csv),
        rows: 1,
        columns: ['a', 'b'],
      });
      const datasetKey = `sha256/${dataset.sha256.slice(0, 2)}/${dataset.sha256.slice(2)}`;
      expect((await stub.object(`assay/${datasetKey}`))?.toString()).toBe(csv);
      const orphan = await store.put(bytesOf(unique('orphan')));
      const young = await store.put(bytesOf(unique('young')));
      const longAgo = new Date(Date.now() - 3 * 86_400_000);
      for (const key of [kept.storageKey, datasetKey, orphan.storageKey]) {
        await stub.age(`assay/${key}`, longAgo);
      }
      const dry = await gcRegistry.artifacts.gc({ dryRun: true });
      // An unreferenced object younger than the grace period (a registration in flight) stays.
      expect(dry.deleted.map((a) => a.sha256)).toEqual([orphan.sha256]);
      expect(await stub.object(`assay/${orphan.storageKey}`)).toBeDefined();
      const result = await gcRegistry.artifacts.gc({}, 'ops');
      expect(result).toMatchObject({
        deleted: [
          { storageKey: orphan.storageKey, sha256: orphan.sha256, sizeBytes: orphan.sizeBytes },
        ],
        bytesFreed: orphan.sizeBytes,
        referenced: 2,
      });
      expect(await stub.object(`assay/${orphan.storageKey}`)).toBeUndefined();
      expect(await stub.object(`assay/${young.storageKey}`)).toBeDefined();
      expect(await gcRegistry.versions.readArtifact(kept)).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(await gcRegistry.datasets.read(dataset)).toString()).toBe(csv);
    });

    it('reports wrong credentials as unavailable', async () => {
      const f = fixture();
      const wrong = createRegistry(
        {
          db: f.ctx.db,
          artifacts: new S3ArtifactStore({ ...options(), accessKeyId: 'AKIAWRONG' }, spool),
        },
        f.registry.backend,
        async () => {},
      );
      const project = await newModel();
      const error = await expectRegistryError(
        wrong.versions.create({
          projectId: project.id,
          modelName: 'm',
          format: 'json',
          artifact: bytesOf('creds'),
        }),
        'unavailable',
      );
      expect(error.message).toMatch(/InvalidAccessKeyId|403|access key/i);
    });

    it('rejects bad bucket names, prefixes and endpoints when configured', () => {
      for (const patch of [
        { bucket: 'A_B' },
        { bucket: '../x' },
        { prefix: '../' },
        { prefix: '/abs/' },
        { prefix: 'no-slash' },
        { prefix: 'a/../b/' },
        { endpoint: 'ftp://x' },
        { endpoint: 'not a url' },
        { secretAccessKey: '' },
      ]) {
        expect(
          () => new S3ArtifactStore({ ...options(), ...patch }, spool),
          JSON.stringify(patch),
        ).toThrow(RegistryError);
      }
    });

    it('openRegistry({ s3 }) keeps artifacts in the bucket', async () => {
      // Embedded: a fresh data directory (the suite's one is locked by its registry).
      const { databaseUrl } = fixture();
      const dataDir = await mkdtemp(join(tmpdir(), 'assay-s3-open-'));
      const opened = await openRegistry({ databaseUrl, dataDir, s3: options() });
      try {
        const project = await opened.projects.create({ name: unique('s3-open') });
        await opened.models.register({ projectId: project.id, name: 'm' });
        const bytes = bytesOf(`opened ${unique('z')}`);
        const version = await opened.versions.create({
          projectId: project.id,
          modelName: 'm',
          format: 'json',
          artifact: bytes,
        });
        expect(await stub.object(`assay/${version.storageKey}`)).toBeDefined();
        expect(await readdir(join(dataDir, 'artifacts'))).not.toContain('sha256');
      } finally {
        await opened.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
