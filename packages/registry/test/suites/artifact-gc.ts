import { mkdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackendFixture } from '../backends.js';
import { bytesOf, expectRegistryError, unique } from '../helpers.js';

/** Garbage collection of the local artifact store, on every backend. */
export function artifactGcSuite(fixture: () => BackendFixture): void {
  describe('artifacts.gc (local store)', () => {
    it('deletes old artifacts no version or dataset references, and old temporary files', async () => {
      const f = fixture();
      const project = await f.registry.projects.create({ name: unique('gc-proj') });
      await f.registry.models.register({ projectId: project.id, name: 'm' });
      const version = await f.registry.versions.create({
        projectId: project.id,
        modelName: 'm',
        format: 'json',
        artifact: bytesOf(unique('version bytes')),
      });
      const dataset = await f.registry.datasets.create({
        projectId: project.id,
        format: 'csv',
        artifact: bytesOf(`a\n${unique('dataset bytes')}\n`),
        rows: 1,
        columns: ['a'],
      });
      // A registration that died after writing its artifact, long ago; and one in flight.
      const orphan = await f.ctx.artifacts.put(bytesOf(unique('orphan')));
      const inFlight = await f.ctx.artifacts.put(bytesOf(unique('in flight')));
      const pathOf = (sha256: string) =>
        join(f.artifactDir, 'sha256', sha256.slice(0, 2), sha256.slice(2));
      const longAgo = new Date(Date.now() - 2 * 86_400_000);
      for (const sha256 of [version.sha256, dataset.sha256, orphan.sha256]) {
        await utimes(pathOf(sha256), longAgo, longAgo);
      }
      await mkdir(join(f.artifactDir, 'tmp'), { recursive: true });
      const stale = join(f.artifactDir, 'tmp', `${unique('dead')}.part`);
      await writeFile(stale, 'half an upload');
      await utimes(stale, longAgo, longAgo);

      const dry = await f.registry.artifacts.gc({ dryRun: true });
      expect(dry.deleted.map((a) => a.sha256)).toEqual([orphan.sha256]);
      expect(await stat(pathOf(orphan.sha256))).toBeTruthy();

      const result = await f.registry.artifacts.gc({ graceMs: 86_400_000 }, 'ops');
      expect(result).toMatchObject({
        deleted: [
          { storageKey: orphan.storageKey, sha256: orphan.sha256, sizeBytes: orphan.sizeBytes },
        ],
        bytesFreed: orphan.sizeBytes,
        referenced: 2,
        temporaryFilesRemoved: 1,
      });
      await expect(stat(pathOf(orphan.sha256))).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(stat(stale)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await stat(pathOf(inFlight.sha256))).toBeTruthy();
      expect(await f.registry.versions.readArtifact(version)).toBeInstanceOf(Uint8Array);
      expect(await f.registry.datasets.read(dataset)).toBeInstanceOf(Uint8Array);
      const audit = await f.query<{ actor: string; details: { deleted: number } }>(
        `SELECT actor, details FROM audit_logs WHERE action = 'artifacts.gc' ORDER BY id DESC LIMIT 1`,
      );
      expect(audit).toEqual([{ actor: 'ops', details: expect.objectContaining({ deleted: 1 }) }]);
      expect((await f.registry.artifacts.gc()).deleted).toEqual([]);
      await expectRegistryError(f.registry.artifacts.gc({ graceMs: 1000 }), 'invalid');
    });
  });
}
