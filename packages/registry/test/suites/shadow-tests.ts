import { describe, expect, it } from 'vitest';
import type { PredictionLogInput } from '../../src/index.js';
import type { BackendFixture } from '../backends.js';
import { bytesOf, expectRegistryError, sha256, unique } from '../helpers.js';

/** Shadow tests, the prediction log and labels (issue 13, item 3), on every backend. */
export function shadowTestSuite(fixture: () => BackendFixture): void {
  const setUp = async () => {
    const f = fixture();
    const project = await f.registry.projects.create({ name: unique('shadow-proj') });
    const model = await f.registry.models.register({ projectId: project.id, name: 'churn' });
    for (let i = 1; i <= 2; i += 1) {
      await f.registry.versions.create({
        projectId: project.id,
        modelName: 'churn',
        format: 'json',
        artifact: bytesOf(`churn v${i} ${unique('x')}`),
      });
    }
    await f.registry.aliases.set({
      projectId: project.id,
      modelName: 'churn',
      alias: 'production',
      version: 1,
    });
    return { f, project, model };
  };
  const row = (
    base: { projectId: string; modelId: string },
    patch: Partial<PredictionLogInput>,
  ): PredictionLogInput => ({
    ...base,
    requestId: unique('req'),
    role: 'served',
    versionId: null,
    version: 1,
    shadowTestId: null,
    at: new Date(),
    inputSha256: sha256('[[1,2]]'),
    output: { kind: 'probability', outputs: [[0.8]], predicted: [1] },
    outcome: 'ok',
    latencyMs: 1.5,
    ...patch,
  });

  describe('shadow tests', () => {
    it('start → get → list → stop, with a version candidate; one running test per alias', async () => {
      const { f, project } = await setUp();
      const test = await f.registry.shadowTests.start(
        {
          projectId: project.id,
          modelName: 'churn',
          alias: 'production',
          candidate: { version: 2 },
          sampleFraction: 0.5,
          maxRequests: 100,
        },
        'alice',
      );
      expect(test).toMatchObject({
        modelName: 'churn',
        alias: 'production',
        candidate: { kind: 'version', version: 2 },
        sampleFraction: 0.5,
        maxRequests: 100,
        endsAt: null,
        mirrored: 0,
        status: 'running',
        createdBy: 'alice',
        endedAt: null,
      });
      expect(await f.registry.shadowTests.get(project.id, test.id)).toEqual(test);
      expect(await f.registry.shadowTests.running(project.id, 'churn', 'production')).toEqual([
        test,
      ]);
      await expectRegistryError(
        f.registry.shadowTests.start({
          projectId: project.id,
          modelName: 'churn',
          alias: 'production',
          candidate: { version: 2 },
          maxRequests: 5,
        }),
        'conflict',
      );
      const stopped = await f.registry.shadowTests.stop(project.id, test.id, 'bob');
      expect(stopped.status).toBe('stopped');
      expect(stopped.endedAt).not.toBeNull();
      await expectRegistryError(f.registry.shadowTests.stop(project.id, test.id), 'conflict');
      expect(await f.registry.shadowTests.running(project.id, 'churn', 'production')).toEqual([]);
      const remote = await f.registry.shadowTests.start({
        projectId: project.id,
        modelName: 'churn',
        alias: 'production',
        candidate: {
          remote: { url: 'http://models.test/x', protocol: 'kserve-v2', modelName: 'x' },
        },
        endsAt: new Date(Date.now() + 60_000).toISOString(),
      });
      expect(remote.candidate).toEqual({
        kind: 'remote',
        remote: { url: 'http://models.test/x', protocol: 'kserve-v2', modelName: 'x' },
      });
      expect(remote.sampleFraction).toBe(1);
      const page = await f.registry.shadowTests.list(project.id, 'churn', { limit: 1 });
      expect(page.items.map((t) => t.id)).toEqual([remote.id]);
      const next = await f.registry.shadowTests.list(project.id, 'churn', {
        cursor: page.nextCursor as string,
      });
      expect(next.items.map((t) => t.id)).toEqual([test.id]);
    });

    it('refuses a missing alias, candidate or end, a fraction outside 0..1 and a past end', async () => {
      const { f, project } = await setUp();
      const base = { projectId: project.id, modelName: 'churn', maxRequests: 5 };
      await expectRegistryError(
        f.registry.shadowTests.start({ ...base, alias: 'staging', candidate: { version: 2 } }),
        'not_found',
      );
      await expectRegistryError(
        f.registry.shadowTests.start({ ...base, alias: 'production', candidate: { version: 9 } }),
        'not_found',
      );
      await expectRegistryError(
        f.registry.shadowTests.start({
          ...base,
          modelName: 'nope',
          alias: 'production',
          candidate: { version: 2 },
        }),
        'not_found',
      );
      const { maxRequests: _, ...noEnd } = base;
      const invalid = [
        { ...noEnd, alias: 'production', candidate: { version: 2 } },
        { ...base, alias: 'production', candidate: { version: 2 }, sampleFraction: 1.5 },
        { ...base, alias: 'production', candidate: { version: 2 }, sampleFraction: -0.1 },
        {
          ...base,
          alias: 'production',
          candidate: { version: 2 },
          endsAt: new Date(Date.now() - 1000).toISOString(),
        },
        { ...base, alias: 'production', candidate: { remote: { url: 'x' } } },
      ];
      for (const input of invalid) {
        await expectRegistryError(f.registry.shadowTests.start(input as never), 'invalid');
      }
    });

    it('a test past its end time reads as completed; a count end completes it with the batch that reaches it', async () => {
      const { f, project, model } = await setUp();
      const timed = await f.registry.shadowTests.start({
        projectId: project.id,
        modelName: 'churn',
        alias: 'production',
        candidate: { version: 2 },
        endsAt: new Date(Date.now() + 300).toISOString(),
      });
      await new Promise((r) => setTimeout(r, 400));
      const ended = await f.registry.shadowTests.get(project.id, timed.id);
      expect(ended?.status).toBe('completed');
      expect(ended?.endedAt).toBe(timed.endsAt);
      // An expired test does not block a new one.
      const counted = await f.registry.shadowTests.start({
        projectId: project.id,
        modelName: 'churn',
        alias: 'production',
        candidate: { version: 2 },
        maxRequests: 3,
      });
      const base = { projectId: project.id, modelId: model.id };
      const shadowRows = [0, 1].map(() =>
        row(base, { role: 'shadow', version: 2, shadowTestId: counted.id }),
      );
      expect(await f.registry.predictionLogs.append(shadowRows)).toEqual({ count: 2 });
      expect((await f.registry.shadowTests.get(project.id, counted.id))?.status).toBe('running');
      await f.registry.predictionLogs.append([
        row(base, { role: 'shadow', version: 2, shadowTestId: counted.id }),
        row(base, {}),
      ]);
      const done = await f.registry.shadowTests.get(project.id, counted.id);
      expect(done).toMatchObject({ status: 'completed', mirrored: 3 });
    });
  });

  describe('prediction log and labels', () => {
    it('appends a batch in one transaction, pairs served and shadow rows by request id with labels', async () => {
      const { f, project, model } = await setUp();
      const test = await f.registry.shadowTests.start({
        projectId: project.id,
        modelName: 'churn',
        alias: 'production',
        candidate: { version: 2 },
        maxRequests: 1000,
      });
      const base = { projectId: project.id, modelId: model.id };
      const rows: PredictionLogInput[] = [];
      for (let i = 0; i < 5; i += 1) {
        const requestId = `r-${test.id}-${i}`;
        rows.push(row(base, { requestId, inputs: [[i, 2]], latencyMs: 2 }));
        rows.push(
          row(base, {
            requestId,
            role: 'shadow',
            version: 2,
            shadowTestId: test.id,
            ...(i === 4
              ? { outcome: 'timeout', output: null, error: 'timed out', latencyMs: 100 }
              : { latencyMs: 3 }),
          }),
        );
      }
      expect(await f.registry.predictionLogs.append(rows)).toEqual({ count: 10 });
      const logged = await f.registry.predictionLogs.list(project.id, 'churn', {
        requestId: `r-${test.id}-0`,
      });
      expect(logged.map((r) => r.role).sort()).toEqual(['served', 'shadow']);
      expect(logged.find((r) => r.role === 'served')?.inputs).toEqual([[0, 2]]);
      const labels = [0, 1, 2].map((i) => ({ requestId: `r-${test.id}-${i}`, label: 1 }));
      expect(
        await f.registry.predictionLogs.addLabels({
          projectId: project.id,
          modelName: 'churn',
          labels,
        }),
      ).toEqual({ received: 3, stored: 3, unchanged: 0 });
      // A retried batch is stored once.
      expect(
        await f.registry.predictionLogs.addLabels({
          projectId: project.id,
          modelName: 'churn',
          labels: [...labels, { requestId: `r-${test.id}-3`, label: [0] }],
        }),
      ).toEqual({ received: 4, stored: 1, unchanged: 3 });
      await expectRegistryError(
        f.registry.predictionLogs.addLabels({
          projectId: project.id,
          modelName: 'churn',
          labels: [{ requestId: `r-${test.id}-0`, label: 0 }],
        }),
        'conflict',
      );
      const pairs = await f.registry.shadowTests.pairs(project.id, test.id);
      expect(pairs).toHaveLength(5);
      const byId = new Map(pairs.map((p) => [p.requestId, p]));
      expect(byId.get(`r-${test.id}-0`)).toMatchObject({
        served: { outcome: 'ok', latencyMs: 2 },
        shadow: { outcome: 'ok', latencyMs: 3 },
        label: [1],
      });
      expect(byId.get(`r-${test.id}-4`)).toMatchObject({
        shadow: { outcome: 'timeout', output: null },
        label: null,
      });
      expect((await f.registry.shadowTests.get(project.id, test.id))?.mirrored).toBe(5);
    });

    it('batches appended at once, each counting rows of two shadow tests, keep both counts exact', async () => {
      const { f, project, model } = await setUp();
      // A second alias with its own test: one batch may mirror to both.
      await f.registry.aliases.set({
        projectId: project.id,
        modelName: 'churn',
        alias: 'staging',
        version: 1,
      });
      const tests = await Promise.all(
        ['production', 'staging'].map((alias) =>
          f.registry.shadowTests.start({
            projectId: project.id,
            modelName: 'churn',
            alias,
            candidate: { version: 2 },
            maxRequests: 100_000,
          }),
        ),
      );
      const base = { projectId: project.id, modelId: model.id };
      const [a, b] = tests.map((t) => t.id) as [string, string];
      // Odd batches list b's rows first, even ones a's: the row order differs between batches.
      const batches = Array.from({ length: 8 }, (_, k) =>
        Array.from({ length: 50 }, (_, i) =>
          row(base, {
            role: 'shadow',
            version: 2,
            shadowTestId: i < 25 === (k % 2 === 0) ? a : b,
          }),
        ),
      );
      const counts = await Promise.all(
        batches.map((batch) => f.registry.predictionLogs.append(batch)),
      );
      expect(counts.map((c) => c.count)).toEqual(Array(8).fill(50));
      for (const id of [a, b]) {
        expect((await f.registry.shadowTests.get(project.id, id))?.mirrored).toBe(200);
      }
    });

    it('refuses malformed rows and labels; the log policy defaults to off', async () => {
      const { f, project, model } = await setUp();
      const base = { projectId: project.id, modelId: model.id };
      await expectRegistryError(f.registry.predictionLogs.append([]), 'invalid');
      for (const patch of [
        { role: 'x' },
        { inputSha256: 'zz' },
        { latencyMs: Number.NaN },
        { modelId: 'm' },
        { outcome: 'maybe' },
      ]) {
        await expectRegistryError(
          f.registry.predictionLogs.append([row(base, patch as never)]),
          'invalid',
        );
      }
      for (const labels of [
        [],
        [{ requestId: 'a b', label: 1 }],
        [{ requestId: 'a', label: {} }],
        [{ requestId: 'a', label: Number.POSITIVE_INFINITY }],
        [
          { requestId: 'a', label: 1 },
          { requestId: 'a', label: 2 },
        ],
      ]) {
        await expectRegistryError(
          f.registry.predictionLogs.addLabels({
            projectId: project.id,
            modelName: 'churn',
            labels: labels as never,
          }),
          'invalid',
        );
      }
      await expectRegistryError(
        f.registry.predictionLogs.addLabels({
          projectId: project.id,
          modelName: 'nope',
          labels: [{ requestId: 'a', label: 1 }],
        }),
        'not_found',
      );
      expect(await f.registry.predictionLogs.getPolicy(project.id, 'churn')).toEqual({
        modelName: 'churn',
        logInputs: false,
      });
      expect(
        await f.registry.predictionLogs.setPolicy(
          { projectId: project.id, modelName: 'churn', logInputs: true },
          'alice',
        ),
      ).toEqual({ modelName: 'churn', logInputs: true });
      expect((await f.registry.predictionLogs.getPolicy(project.id, 'churn'))?.logInputs).toBe(
        true,
      );
      expect(await f.registry.predictionLogs.getPolicy(project.id, 'nope')).toBeNull();
    });
  });
}
