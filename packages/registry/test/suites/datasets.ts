import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/index.js';
import type { BackendFixture } from '../backends.js';
import { bytesOf, expectRegistryError, sha256, unique } from '../helpers.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Stored datasets and evaluations citing them, on every backend (local artifact store). */
export function datasetSuite(fixture: () => BackendFixture): void {
  const setUp = async () => {
    const f = fixture();
    const project = await f.registry.projects.create({ name: unique('ds-proj') });
    return { f, project };
  };
  const csv = bytesOf('age,plan,churned\n31,basic,0\n45,pro,1\n');

  describe('datasets', () => {
    it('datasets.create stores the bytes and the row; get, list (newest first) and read return them', async () => {
      const { f, project } = await setUp();
      const dataset = await f.registry.datasets.create({
        projectId: project.id,
        name: 'churn test.csv',
        format: 'csv',
        artifact: csv,
        expectedSha256: sha256(csv),
        rows: 2,
        columns: ['age', 'plan', 'churned'],
        createdBy: 'alice',
      });
      expect(dataset).toEqual({
        id: expect.any(String),
        projectId: project.id,
        name: 'churn test.csv',
        format: 'csv',
        sha256: sha256(csv),
        sizeBytes: csv.byteLength,
        rows: 2,
        columns: ['age', 'plan', 'churned'],
        createdBy: 'alice',
        createdAt: expect.any(String),
      } satisfies Dataset);
      expect(await f.registry.datasets.get(project.id, dataset.id)).toEqual(dataset);
      expect(await f.registry.datasets.read(dataset)).toEqual(csv);

      const parts = [bytesOf('[{"a":1},'), bytesOf('{"a":2}]')];
      async function* chunks() {
        yield* parts;
      }
      const json = await f.registry.datasets.create({
        projectId: project.id,
        format: 'json',
        artifact: chunks(),
        rows: 2,
        columns: ['a'],
      });
      expect(json).toMatchObject({
        name: null,
        sha256: sha256(Buffer.concat(parts)),
        createdBy: null,
      });
      const page = await f.registry.datasets.list(project.id, { limit: 1 });
      expect(page.items).toEqual([json]);
      expect(
        await f.registry.datasets.list(project.id, {
          limit: 1,
          cursor: page.nextCursor ?? undefined,
        }),
      ).toEqual({ items: [dataset], nextCursor: null });
      const audit = await f.query<{ actor: string; action: string }>(
        `SELECT actor, action FROM audit_logs WHERE entity = 'dataset' AND entity_id = $1`,
        dataset.id,
      );
      expect(audit).toEqual([{ actor: 'alice', action: 'dataset.create' }]);
    });

    it('datasets.read detects altered or missing bytes', async () => {
      const { f, project } = await setUp();
      const bytes = bytesOf(`x\n${unique('tamper')}\n`);
      const dataset = await f.registry.datasets.create({
        projectId: project.id,
        format: 'csv',
        artifact: bytes,
        rows: 1,
        columns: ['x'],
      });
      const path = join(
        f.artifactDir,
        'sha256',
        dataset.sha256.slice(0, 2),
        dataset.sha256.slice(2),
      );
      await writeFile(path, bytesOf(`x\n${unique('forged')}\n`));
      await expectRegistryError(f.registry.datasets.read(dataset), 'integrity');
      await expectRegistryError(
        f.registry.datasets.read({ ...dataset, sizeBytes: 3 }),
        'integrity',
      );
    });

    it('datasets are isolated by project, and rejected without storing anything when invalid', async () => {
      const { f, project } = await setUp();
      const other = await f.registry.projects.create({ name: unique('ds-other') });
      const dataset = await f.registry.datasets.create({
        projectId: project.id,
        format: 'parquet',
        artifact: bytesOf('PAR1…PAR1'),
        rows: 10,
        columns: ['a', 'b'],
      });
      expect(await f.registry.datasets.get(other.id, dataset.id)).toBeNull();
      expect(await f.registry.datasets.get(project.id, UNKNOWN_ID)).toBeNull();
      expect(await f.registry.datasets.get(project.id, 'nope')).toBeNull();
      expect((await f.registry.datasets.list(other.id)).items).toEqual([]);
      await expectRegistryError(f.registry.datasets.list(UNKNOWN_ID), 'not_found');

      const tmp = join(f.artifactDir, 'tmp');
      const before = await readdir(tmp);
      const lonely = bytesOf(unique('never stored'));
      const rejects: [Parameters<typeof f.registry.datasets.create>[0], string][] = [
        [
          { projectId: UNKNOWN_ID, format: 'csv', artifact: lonely, rows: 1, columns: ['a'] },
          'not_found',
        ],
        [
          {
            projectId: project.id,
            format: 'xlsx' as 'csv',
            artifact: lonely,
            rows: 1,
            columns: ['a'],
          },
          'invalid',
        ],
        [
          { projectId: project.id, format: 'csv', artifact: lonely, rows: -1, columns: ['a'] },
          'invalid',
        ],
        [
          { projectId: project.id, format: 'csv', artifact: lonely, rows: 1, columns: [] },
          'invalid',
        ],
        [
          {
            projectId: project.id,
            format: 'csv',
            artifact: lonely,
            rows: 1,
            columns: ['a'],
            expectedSha256: sha256('other'),
          },
          'invalid',
        ],
        [
          {
            projectId: project.id,
            format: 'csv',
            artifact: new Uint8Array(0),
            rows: 0,
            columns: ['a'],
          },
          'invalid',
        ],
      ];
      for (const [input, code] of rejects) {
        await expectRegistryError(f.registry.datasets.create(input), code as 'invalid');
      }
      const stored = await readdir(join(f.artifactDir, 'sha256', sha256(lonely).slice(0, 2))).catch(
        () => [],
      );
      expect(stored).not.toContain(sha256(lonely).slice(2));
      expect(await readdir(tmp)).toEqual(before);
      expect((await f.registry.datasets.list(project.id)).items).toEqual([dataset]);
    });

    it('evaluations.create cites a dataset of the same project with the same sha256', async () => {
      const { f, project } = await setUp();
      await f.registry.models.register({ projectId: project.id, name: 'm' });
      await f.registry.versions.create({
        projectId: project.id,
        modelName: 'm',
        format: 'json',
        artifact: bytesOf('{}'),
      });
      const dataset = await f.registry.datasets.create({
        projectId: project.id,
        format: 'csv',
        artifact: csv,
        rows: 2,
        columns: ['age', 'plan', 'churned'],
      });
      const other = await f.registry.projects.create({ name: unique('ds-other') });
      const foreign = await f.registry.datasets.create({
        projectId: other.id,
        format: 'csv',
        artifact: csv,
        rows: 2,
        columns: ['age', 'plan', 'churned'],
      });
      const input = {
        projectId: project.id,
        modelName: 'm',
        version: 1,
        dataset: { sha256: sha256(csv), rows: 2, columns: ['age', 'plan', 'churned'] },
        metrics: [{ name: 'accuracy', value: 1 }],
      };
      await expectRegistryError(
        f.registry.evaluations.create({ ...input, datasetId: foreign.id }),
        'not_found',
      );
      await expectRegistryError(
        f.registry.evaluations.create({ ...input, datasetId: UNKNOWN_ID }),
        'not_found',
      );
      await expectRegistryError(
        f.registry.evaluations.create({
          ...input,
          dataset: { ...input.dataset, sha256: sha256('other bytes') },
          datasetId: dataset.id,
        }),
        'invalid',
      );
      expect((await f.registry.evaluations.list(project.id)).items).toEqual([]);
      const evaluation = await f.registry.evaluations.create({ ...input, datasetId: dataset.id });
      expect(evaluation.datasetId).toBe(dataset.id);
      expect(await f.registry.evaluations.get(project.id, evaluation.id)).toEqual(evaluation);
      expect((await f.registry.evaluations.create(input)).datasetId).toBeNull();
    });
  });
}
