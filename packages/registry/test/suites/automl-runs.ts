import { describe, expect, it } from 'vitest';
import type { BackendFixture } from '../backends.js';
import { bytesOf, expectRegistryError, unique } from '../helpers.js';

const UNKNOWN_ID = '00000000-0000-7000-8000-000000000000';

/** AutoML runs (issue 16): settings, the leaderboard as it fills, the outcome; finished is final. */
export function autoMlRunSuite(fixture: () => BackendFixture): void {
  const setUp = async () => {
    const f = fixture();
    const project = await f.registry.projects.create({ name: unique('automl-proj') });
    const dataset = await f.registry.datasets.create({
      projectId: project.id,
      format: 'csv',
      artifact: bytesOf(`x,y\n${unique('1')},a\n`),
      rows: 1,
      columns: ['x', 'y'],
    });
    const settings = { target: 'y', budgetSeconds: 5, seed: 1, excludeColumns: [] };
    const lineage = { dataset: { sha256: dataset.sha256, rows: 1, columns: ['x', 'y'] }, seed: 1 };
    const run = await f.registry.autoMlRuns.create(
      { projectId: project.id, datasetId: dataset.id, modelName: 'best', settings, lineage },
      'alice',
    );
    return { f, project, dataset, run, settings, lineage };
  };

  describe('AutoML runs', () => {
    it('create, get and list (filters, pages newest first); another project’s dataset is not found', async () => {
      const { f, project, dataset, run, settings, lineage } = await setUp();
      expect(run).toMatchObject({
        status: 'queued',
        datasetId: dataset.id,
        modelName: 'best',
        settings,
        lineage,
        leaderboard: [],
        guardrails: null,
        bestTrial: null,
        modelVersion: null,
        jobId: null,
        createdBy: 'alice',
        startedAt: null,
        finishedAt: null,
      });
      expect(await f.registry.autoMlRuns.get(project.id, run.id)).toEqual(run);
      expect(await f.registry.autoMlRuns.get(project.id, 'not-a-uuid')).toBeNull();
      const other = await f.registry.autoMlRuns.create({
        projectId: project.id,
        datasetId: dataset.id,
        modelName: 'best',
        settings,
        lineage,
      });
      const first = await f.registry.autoMlRuns.list(project.id, {}, { limit: 1 });
      expect(first.items.map((r) => r.id)).toEqual([other.id]);
      const second = await f.registry.autoMlRuns.list(
        project.id,
        {},
        { limit: 1, cursor: first.nextCursor as string },
      );
      expect(second.items.map((r) => r.id)).toEqual([run.id]);
      await f.registry.autoMlRuns.update(project.id, other.id, { status: 'running' });
      expect(
        (await f.registry.autoMlRuns.list(project.id, { status: 'queued' })).items.map((r) => r.id),
      ).toEqual([run.id]);
      const elsewhere = await f.registry.projects.create({ name: unique('automl-other') });
      const missing = await expectRegistryError(
        f.registry.autoMlRuns.create({
          projectId: elsewhere.id,
          datasetId: dataset.id,
          modelName: 'best',
          settings,
          lineage,
        }),
        'not_found',
      );
      expect(missing.message).toContain('Dataset');
      const bad = await expectRegistryError(
        f.registry.autoMlRuns.create({
          projectId: project.id,
          datasetId: dataset.id,
          modelName: '',
          settings,
          lineage,
        }),
        'invalid',
      );
      expect(bad.message).toContain('modelName');
    });

    it('progress then outcome: timestamps are stamped, and a finished run takes no more changes', async () => {
      const { f, project, run } = await setUp();
      const job = await f.registry.jobs.create({
        projectId: project.id,
        kind: 'automl',
        input: {},
      });
      const running = await f.registry.autoMlRuns.update(project.id, run.id, {
        status: 'running',
        jobId: job.id,
        guardrails: [{ name: 'missing_values', status: 'passed' }],
      });
      expect(running.startedAt).not.toBeNull();
      expect(running.jobId).toBe(job.id);
      const trials = [{ trial: 0, family: 'linear', mean: 0.9 }];
      const filled = await f.registry.autoMlRuns.update(project.id, run.id, {
        leaderboard: trials,
      });
      expect(filled.leaderboard).toEqual(trials);
      expect(filled.startedAt).toBe(running.startedAt);
      const done = await f.registry.autoMlRuns.update(project.id, run.id, {
        status: 'succeeded',
        bestTrial: trials[0] as { trial: number },
        modelVersion: 1,
        explanation: { status: 'skipped', reason: 'text columns' },
      });
      expect(done).toMatchObject({ status: 'succeeded', modelVersion: 1, bestTrial: trials[0] });
      expect(done.finishedAt).not.toBeNull();
      const late = await expectRegistryError(
        f.registry.autoMlRuns.update(project.id, run.id, { leaderboard: [] }),
        'conflict',
      );
      expect(late.message).toContain('succeeded');
      await expectRegistryError(
        f.registry.autoMlRuns.update(project.id, UNKNOWN_ID, { status: 'running' }),
        'not_found',
      );
      await expectRegistryError(
        f.registry.autoMlRuns.update(project.id, run.id, { status: 'done' as 'running' }),
        'invalid',
      );
    });
  });
}
