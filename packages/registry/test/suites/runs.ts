import { describe, expect, it } from 'vitest';
import type { MetricPointInput } from '../../src/index.js';
import type { BackendFixture } from '../backends.js';
import { expectRegistryError, unique } from '../helpers.js';
import {
  expectedEnvelope,
  expectedSummaries,
  STORED_POINTS,
  type StoredPoint,
  SUMMARY_ROWS,
  type SummaryRow,
} from '../summaries.js';

/** Experiments, runs and metric points (issue 5), run by registry.test.ts on every backend. */
export function runSuite(fixture: () => BackendFixture): void {
  const setUpExperiment = async () => {
    const f = fixture();
    const project = await f.registry.projects.create({ name: unique('exp-proj') });
    const experiment = await f.registry.experiments.create(
      { projectId: project.id, name: 'baseline', description: 'first try', tags: { team: 'ml' } },
      'alice',
    );
    return { f, project, experiment };
  };

  describe('experiments and runs', () => {
    it('create, find and list experiments; names are unique per project', async () => {
      const { f, project, experiment } = await setUpExperiment();
      expect(experiment).toMatchObject({
        projectId: project.id,
        name: 'baseline',
        tags: { team: 'ml' },
      });
      expect(await f.registry.experiments.get(project.id, 'baseline')).toEqual(experiment);
      expect(await f.registry.experiments.get(project.id, 'nope')).toBeNull();
      await expectRegistryError(
        f.registry.experiments.create({ projectId: project.id, name: 'baseline' }),
        'conflict',
      );
      await f.registry.experiments.create({ projectId: project.id, name: 'tuned' });
      const page = await f.registry.experiments.list(project.id, { limit: 1 });
      expect(page.items.map((e) => e.name)).toEqual(['baseline']);
      const next = await f.registry.experiments.list(project.id, {
        limit: 1,
        cursor: page.nextCursor ?? undefined,
      });
      expect(next).toMatchObject({ nextCursor: null });
      expect(next.items.map((e) => e.name)).toEqual(['tuned']);
      await expectRegistryError(
        f.registry.experiments.create({
          projectId: '00000000-0000-4000-8000-000000000000',
          name: 'x',
        }),
        'not_found',
      );
    });

    it('start, nest, list and finish runs', async () => {
      const { f, project, experiment } = await setUpExperiment();
      const parent = await f.registry.runs.create({
        experimentId: experiment.id,
        name: 'sweep',
        params: { lr: 0.01, layers: 3, optimizer: 'adam', early_stop: true, seed: null },
        tags: { git: 'abc123' },
        createdBy: 'alice',
      });
      expect(parent).toMatchObject({
        projectId: project.id,
        status: 'running',
        endedAt: null,
        params: { lr: 0.01, layers: 3, optimizer: 'adam', early_stop: true, seed: null },
      });
      const child = await f.registry.runs.create({
        experimentId: experiment.id,
        parentRunId: parent.id,
      });
      expect(child.parentRunId).toBe(parent.id);
      const other = await f.registry.experiments.create({ projectId: project.id, name: 'other' });
      await expectRegistryError(
        f.registry.runs.create({ experimentId: other.id, parentRunId: parent.id }),
        'invalid',
      );
      const finished = await f.registry.runs.finish(child.id, { status: 'failed' }, 'alice');
      expect(finished).toMatchObject({ status: 'failed', endedAt: expect.any(String) });
      await expectRegistryError(
        f.registry.runs.finish(child.id, { status: 'finished' }),
        'conflict',
      );
      expect(await f.registry.runs.get(child.id)).toEqual(finished);
      const first = await f.registry.runs.list(experiment.id, { limit: 1 });
      expect(first.items.map((r) => r.id)).toEqual([child.id]);
      const second = await f.registry.runs.list(experiment.id, {
        limit: 1,
        cursor: first.nextCursor ?? undefined,
      });
      expect(second.items.map((r) => r.id)).toEqual([parent.id]);
      expect(second.nextCursor).toBeNull();
      expect(await f.registry.runs.get('00000000-0000-4000-8000-000000000000')).toBeNull();
    });

    it('list sorted by a parameter or a column and filtered by status, params and tags, page by page', async () => {
      const { f, experiment } = await setUpExperiment();
      const made: Record<string, string> = {};
      for (const [name, lr, team] of [
        ['a', 0.3, 'ml'],
        ['b', 0.01, 'ml'],
        ['c', 0.1, 'ops'],
        ['d', null, 'ml'],
        ['e', 1, 'ml'],
      ] as const) {
        const run = await f.registry.runs.create({
          experimentId: experiment.id,
          name,
          params: { depth: 3, ...(lr === null ? {} : { lr }) },
          tags: { team },
        });
        made[name] = run.id;
      }
      await f.registry.runs.finish(made.c as string, { status: 'finished' });
      await f.registry.runs.finish(made.e as string, { status: 'finished' });
      const names = (p: { items: { name: string | null }[] }) => p.items.map((r) => r.name);
      // By lr, numbers by value; the run without lr last either way.
      expect(names(await f.registry.runs.list(experiment.id, {}, { sort: 'params.lr' }))).toEqual([
        'b',
        'c',
        'a',
        'e',
        'd',
      ]);
      expect(names(await f.registry.runs.list(experiment.id, {}, { sort: '-params.lr' }))).toEqual([
        'e',
        'a',
        'c',
        'b',
        'd',
      ]);
      expect(names(await f.registry.runs.list(experiment.id, {}, { sort: '-name' }))).toEqual([
        'e',
        'd',
        'c',
        'b',
        'a',
      ]);
      // Filters: all must match.
      expect(
        names(await f.registry.runs.list(experiment.id, {}, { status: 'finished', sort: 'name' })),
      ).toEqual(['c', 'e']);
      expect(
        names(
          await f.registry.runs.list(
            experiment.id,
            {},
            { tags: { team: 'ml' }, params: { depth: 3 }, sort: 'name' },
          ),
        ),
      ).toEqual(['a', 'b', 'd', 'e']);
      expect(names(await f.registry.runs.list(experiment.id, {}, { params: { lr: 0.1 } }))).toEqual(
        ['c'],
      );
      // Pages in the same order; a cursor is tied to its sort and filter.
      const options = { sort: 'params.lr' };
      const first = await f.registry.runs.list(experiment.id, { limit: 2 }, options);
      const second = await f.registry.runs.list(
        experiment.id,
        { limit: 2, cursor: first.nextCursor ?? undefined },
        options,
      );
      const third = await f.registry.runs.list(
        experiment.id,
        { limit: 2, cursor: second.nextCursor ?? undefined },
        options,
      );
      expect([...names(first), ...names(second), ...names(third)]).toEqual([
        'b',
        'c',
        'a',
        'e',
        'd',
      ]);
      expect(third.nextCursor).toBeNull();
      await expectRegistryError(
        f.registry.runs.list(
          experiment.id,
          { limit: 2, cursor: first.nextCursor ?? undefined },
          { sort: 'name' },
        ),
        'invalid',
      );
      await expectRegistryError(
        f.registry.runs.list(experiment.id, {}, { sort: 'params' }),
        'invalid',
      );
    });
  });

  describe('runs by their metrics', () => {
    it("keep each key's latest value (greatest step, then timestamp, then value) and sort and filter by it", async () => {
      const { f, experiment } = await setUpExperiment();
      const made: Record<string, string> = {};
      for (const name of ['a', 'b', 'c', 'd']) {
        made[name] = (await f.registry.runs.create({ experimentId: experiment.id, name })).id;
      }
      const t0 = Date.parse('2026-12-01T00:00:00Z');
      const at = (ms: number) => new Date(t0 + ms).toISOString();
      // a: the last step wins over a later call with an earlier step.
      await f.registry.runs.logMetrics(made.a as string, [
        { key: 'acc', value: 0.5, step: 1, timestamp: at(0) },
        { key: 'acc', value: 0.9, step: 3, timestamp: at(1) },
      ]);
      await f.registry.runs.logMetrics(made.a as string, [
        { key: 'acc', value: 0.1, step: 2, timestamp: at(5) },
        { key: 'loss', value: 2, step: 0, timestamp: at(5) },
      ]);
      // b: the same step again, later: the later point wins.
      await f.registry.runs.logMetrics(made.b as string, [
        { key: 'acc', value: 0.7, step: 4, timestamp: at(0) },
      ]);
      await f.registry.runs.logMetrics(made.b as string, [
        { key: 'acc', value: 0.6, step: 4, timestamp: at(9) },
      ]);
      // c: same step and timestamp: the greater value wins (MLflow's order).
      await f.registry.runs.logMetrics(made.c as string, [
        { key: 'acc', value: 0.75, step: 2, timestamp: at(3) },
        { key: 'acc', value: 0.8, step: 2, timestamp: at(3) },
      ]);
      // d: no acc at all.
      await f.registry.runs.logMetrics(made.d as string, [{ key: 'loss', value: 1, step: 0 }]);
      expect((await f.registry.runs.get(made.a as string))?.metrics).toEqual({ acc: 0.9, loss: 2 });
      expect((await f.registry.runs.get(made.b as string))?.metrics).toEqual({ acc: 0.6 });
      expect((await f.registry.runs.get(made.c as string))?.metrics).toEqual({ acc: 0.8 });
      const names = (p: { items: { name: string | null }[] }) => p.items.map((r) => r.name);
      const list = (options: Parameters<typeof f.registry.runs.list>[2]) =>
        f.registry.runs.list(experiment.id, {}, options).then(names);
      expect(await list({ sort: '-metrics.acc' })).toEqual(['a', 'c', 'b', 'd']);
      expect(await list({ sort: 'metrics.acc' })).toEqual(['b', 'c', 'a', 'd']);
      expect(await list({ metrics: [{ key: 'acc', op: '>=', value: 0.8 }], sort: 'name' })).toEqual(
        ['a', 'c'],
      );
      expect(
        await list({
          metrics: [
            { key: 'acc', op: '>', value: 0.5 },
            { key: 'loss', op: '<', value: 3 },
          ],
        }),
      ).toEqual(['a']);
      expect(await list({ metrics: [{ key: 'acc', op: '!=', value: 0.6 }], sort: 'name' })).toEqual(
        ['a', 'c'],
      );
      expect(await list({ metrics: [{ key: 'acc', op: '=', value: 0.6 }] })).toEqual(['b']);
      await expectRegistryError(
        f.registry.runs.list(experiment.id, {}, {
          metrics: [{ key: 'acc', op: '~', value: 1 }],
        } as never),
        'invalid',
      );
    });

    it('concurrent batches of one run keep the latest point of every key', async () => {
      const { f, experiment } = await setUpExperiment();
      const run = await f.registry.runs.create({ experimentId: experiment.id });
      await Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          for (let i = 0; i < 10; i += 1) {
            await f.registry.runs.logMetrics(run.id, [
              { key: 'shared', value: writer * 100 + i, step: writer * 10 + i },
              { key: `w${writer}`, value: i, step: i },
            ]);
          }
        }),
      );
      const metrics = (await f.registry.runs.get(run.id))?.metrics ?? {};
      expect(metrics.shared).toBe(709);
      for (let w = 0; w < 8; w += 1) expect(metrics[`w${w}`]).toBe(9);
    });
  });

  describe('metric points', () => {
    it('are stored per batch and read back per metric in step order, page by page', async () => {
      const { f, experiment } = await setUpExperiment();
      const run = await f.registry.runs.create({ experimentId: experiment.id });
      const points: MetricPointInput[] = [];
      for (let step = 24; step >= 0; step -= 1) {
        points.push({ key: 'train/loss', value: 1 / (step + 1), step });
        points.push({
          key: 'val acc',
          value: step / 25,
          step,
          timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, step)),
        });
      }
      expect(await f.registry.runs.logMetrics(run.id, points, 'trainer')).toEqual({ count: 50 });
      const loss: number[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await f.registry.runs.metricHistory(run.id, 'train/loss', {
          limit: 10,
          cursor,
        });
        loss.push(...page.items.map((p) => p.step));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor !== undefined);
      expect(pages).toBe(3);
      expect(loss).toEqual(Array.from({ length: 25 }, (_, i) => i));
      const acc = await f.registry.runs.metricHistory(run.id, 'val acc');
      expect(acc.items[3]).toEqual({
        key: 'val acc',
        step: 3,
        value: 3 / 25,
        timestamp: '2026-01-01T00:00:03.000Z',
      });
      expect((await f.registry.runs.metricHistory(run.id, 'absent')).items).toEqual([]);
      // Its keys, in code-point order, with their counts and step spans.
      expect(await f.registry.runs.metricKeys(run.id)).toEqual([
        { key: 'train/loss', count: 25, firstStep: 0, lastStep: 24 },
        { key: 'val acc', count: 25, firstStep: 0, lastStep: 24 },
      ]);
      const empty = await f.registry.runs.create({ experimentId: experiment.id });
      expect(await f.registry.runs.metricKeys(empty.id)).toEqual([]);
      await expectRegistryError(
        f.registry.runs.metricKeys('00000000-0000-4000-8000-000000000000'),
        'not_found',
      );
      await expectRegistryError(f.registry.runs.metricKeys('not-a-uuid'), 'not_found');
      await expectRegistryError(
        f.registry.runs.metricHistory(run.id, 'train/loss', { limit: 100_001 }),
        'invalid',
      );
    });

    it('metricHistory round-trips large steps, extreme values, old timestamps and same-step ties exactly', async () => {
      const { f, experiment } = await setUpExperiment();
      const run = await f.registry.runs.create({ experimentId: experiment.id });
      const big = Number.MAX_SAFE_INTEGER;
      const points = [
        { key: 'x', value: -0.1, step: 2 ** 32 + 7, timestamp: '1999-12-31T23:59:59.999Z' },
        { key: 'x', value: 1e308, step: big, timestamp: '1970-01-01T00:00:00.001Z' },
        { key: 'x', value: -1e-300, step: 5, timestamp: '2262-01-01T00:00:00.000Z' },
        { key: 'x', value: 2, step: 5, timestamp: '2026-06-01T12:00:00.123Z' },
        { key: 'x', value: 3, step: 5, timestamp: '2026-06-01T12:00:00.123Z' },
      ];
      await f.registry.runs.logMetrics(run.id, points);
      const all = await f.registry.runs.metricHistory(run.id, 'x');
      expect(all.items).toEqual([
        { key: 'x', step: 5, value: -1e-300, timestamp: '2262-01-01T00:00:00.000Z' },
        { key: 'x', step: 5, value: 2, timestamp: '2026-06-01T12:00:00.123Z' },
        { key: 'x', step: 5, value: 3, timestamp: '2026-06-01T12:00:00.123Z' },
        { key: 'x', step: 2 ** 32 + 7, value: -0.1, timestamp: '1999-12-31T23:59:59.999Z' },
        { key: 'x', step: big, value: 1e308, timestamp: '1970-01-01T00:00:00.001Z' },
      ]);
      // Pages of 2 split the three step-5 ties by insertion order, without loss or repetition.
      const values: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await f.registry.runs.metricHistory(run.id, 'x', { limit: 2, cursor });
        values.push(...page.items.map((p) => p.value));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(values).toEqual([-1e-300, 2, 3, -0.1, 1e308]);
      await expectRegistryError(
        f.registry.runs.metricHistory('00000000-0000-4000-8000-000000000000', 'x'),
        'not_found',
      );
    });

    it('reject a bad batch as a whole, storing none of it', async () => {
      const { f, experiment } = await setUpExperiment();
      const run = await f.registry.runs.create({ experimentId: experiment.id });
      const good = { key: 'm', value: 1, step: 0 };
      for (const bad of [
        { key: 'm', value: Number.NaN },
        { key: 'm', value: Number.POSITIVE_INFINITY },
        { key: 'm', value: 1, step: -1 },
        { key: 'm', value: 1, step: 1.5 },
        { key: '', value: 1 },
        { key: 'bad\u0000key', value: 1 },
        { key: 'm', value: 1, timestamp: 'not a date' },
        { key: 'm', value: '1' as unknown as number },
      ]) {
        await expectRegistryError(f.registry.runs.logMetrics(run.id, [good, bad]), 'invalid');
      }
      await expectRegistryError(f.registry.runs.logMetrics(run.id, []), 'invalid');
      await expectRegistryError(
        f.registry.runs.logMetrics(
          run.id,
          Array.from({ length: 50_001 }, () => good),
        ),
        'invalid',
      );
      await expectRegistryError(
        f.registry.runs.logMetrics('00000000-0000-4000-8000-000000000000', [good]),
        'not_found',
      );
      expect((await f.registry.runs.metricHistory(run.id, 'm')).items).toEqual([]);
    });

    /** Every page of `key` with `limit`, against metric_points in (step, id) order. */
    const expectHistoryMatchesRows = async (
      f: BackendFixture,
      runId: string,
      key: string,
      limit: number,
    ) => {
      const rows = await f.query<{ step: bigint | number; value: number }>(
        `SELECT step, value FROM metric_points WHERE run_id = $1::uuid AND key = $2 ORDER BY step, id`,
        runId,
        key,
      );
      const read: { step: number; value: number }[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await f.registry.runs.metricHistory(runId, key, { limit, cursor });
        read.push(...page.items.map((p) => ({ step: p.step, value: p.value })));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor !== undefined);
      expect(read).toEqual(rows.map((r) => ({ step: Number(r.step), value: r.value })));
      expect(pages).toBe(Math.max(1, Math.ceil(rows.length / limit)));
      const [chunks] = await f.query<{ n: number; points: number }>(
        `SELECT count(*)::int AS n, coalesce(sum(count), 0)::int AS points
           FROM metric_chunks WHERE run_id = $1::uuid AND key = $2`,
        runId,
        key,
      );
      expect(chunks?.points).toBe(rows.length);
      return { points: rows.length, chunks: chunks?.n ?? 0 };
    };

    it('metricHistory pages exactly through chunks whose steps overlap (a step logged again)', async () => {
      const { f, experiment } = await setUpExperiment();
      const run = await f.registry.runs.create({ experimentId: experiment.id });
      // Four calls over the same steps 0..299: every chunk starts at step 0, so only the
      // row-by-row fallback can order them; then increasing steps, read from the chunks.
      for (let call = 0; call < 4; call += 1) {
        await f.registry.runs.logMetrics(
          run.id,
          Array.from({ length: 300 }, (_, step) => ({
            key: 'loss',
            value: call * 1000 + step,
            step,
          })),
        );
      }
      for (let call = 0; call < 3; call += 1) {
        await f.registry.runs.logMetrics(
          run.id,
          Array.from({ length: 300 }, (_, i) => ({ key: 'acc', value: i, step: call * 300 + i })),
        );
      }
      for (const limit of [1, 7, 100, 299, 300, 301, 1200]) {
        expect(await expectHistoryMatchesRows(f, run.id, 'loss', limit)).toEqual({
          points: 1200,
          chunks: 4,
        });
        expect(await expectHistoryMatchesRows(f, run.id, 'acc', limit)).toEqual({
          points: 900,
          chunks: 3,
        });
      }
    });

    it('logMetrics merges the small chunks of many small calls', async () => {
      const { f, experiment } = await setUpExperiment();
      const run = await f.registry.runs.create({ experimentId: experiment.id });
      for (let step = 0; step < 120; step += 1) {
        await f.registry.runs.logMetrics(run.id, [
          { key: 'loss', value: 1 / (step + 1), step },
          { key: 'lr', value: 0.1, step: 119 - step },
        ]);
      }
      for (const limit of [1, 50, 1000]) {
        expect(await expectHistoryMatchesRows(f, run.id, 'loss', limit)).toEqual({
          points: 120,
          chunks: 1,
        });
        expect(await expectHistoryMatchesRows(f, run.id, 'lr', limit)).toEqual({
          points: 120,
          chunks: 1,
        });
      }
    });

    it('concurrent small calls on one key lose nothing while their chunks are merged', async () => {
      const { f, experiment } = await setUpExperiment();
      const run = await f.registry.runs.create({ experimentId: experiment.id });
      await Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          for (let i = 0; i < 25; i += 1) {
            await f.registry.runs.logMetrics(run.id, [{ key: 'loss', value: writer, step: i }]);
          }
        }),
      );
      const { points, chunks } = await expectHistoryMatchesRows(f, run.id, 'loss', 30);
      expect(points).toBe(200);
      expect(chunks).toBeLessThan(200);
    });

    it('lose nothing under 20 concurrent writers logging 5,000 points each', async () => {
      const { f, experiment } = await setUpExperiment();
      const run = await f.registry.runs.create({ experimentId: experiment.id });
      const writers = 20;
      const perWriter = 5_000;
      const batch = 2_500;
      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          for (let start = 0; start < perWriter; start += batch) {
            const points = Array.from({ length: batch }, (_, i) => ({
              key: `w${writer}`,
              value: start + i,
              step: start + i,
            }));
            await f.registry.runs.logMetrics(run.id, points);
          }
        }),
      );
      const [total] = await f.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM metric_points WHERE run_id = $1::uuid`,
        run.id,
      );
      expect(total?.n).toBe(writers * perWriter);
      const [chunked] = await f.query<{ n: number }>(
        `SELECT sum(count)::int AS n FROM metric_chunks WHERE run_id = $1::uuid`,
        run.id,
      );
      expect(chunked?.n).toBe(writers * perWriter);
      const history = await f.registry.runs.metricHistory(run.id, 'w7', { limit: 100_000 });
      expect(history.items).toHaveLength(perWriter);
      expect(history.items.every((p, i) => p.step === i && p.value === i)).toBe(true);
    });
  });

  describe('metric envelope (metric_summaries)', () => {
    const summaryState = async (f: BackendFixture, runId: string) => ({
      actual: await f.query<SummaryRow>(SUMMARY_ROWS, runId),
      points: await f.query<StoredPoint>(STORED_POINTS, runId),
    });
    // A deterministic generator: the same "random" steps and values on every run of the test.
    const random = (seed: number) => () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };

    it('equals the envelope recomputed from the points, with steps out of order and logged again', async () => {
      const { f, experiment } = await setUpExperiment();
      const run = await f.registry.runs.create({ experimentId: experiment.id });
      const next = random(17);
      // Steps in a shuffled order, some logged again (other values), ties of value, two keys in
      // one batch, a step in the top level's second bucket (2^52 and more), and a later batch
      // reaching back before everything logged so far.
      const steps = Array.from({ length: 3_000 }, (_, i) => i * 7 + Math.floor(next() * 7));
      for (let i = steps.length - 1; i > 0; i -= 1) {
        const j = Math.floor(next() * (i + 1));
        [steps[i], steps[j]] = [steps[j] as number, steps[i] as number];
      }
      for (let start = 0; start < steps.length; start += 500) {
        await f.registry.runs.logMetrics(
          run.id,
          steps.slice(start, start + 500).flatMap((step) => [
            { key: 'loss', value: Math.round(next() * 50) / 10, step },
            { key: 'acc', value: next(), step: step * 1_000 },
          ]),
        );
      }
      await f.registry.runs.logMetrics(run.id, [
        ...steps.slice(0, 300).map((step) => ({ key: 'loss', value: -1 - next(), step })),
        { key: 'loss', value: 9, step: 2 ** 52 + 5 },
        { key: 'loss', value: 9, step: 0, timestamp: '2020-01-01T00:00:00.123Z' },
      ]);
      const { actual, points } = await summaryState(f, run.id);
      expect(points).toHaveLength(6_302);
      expect(actual).toEqual(expectedSummaries(points));

      // The finest level whose buckets over the history's span are at most maxBuckets (else 26).
      const pickLevel = (key: string, maxBuckets: number) => {
        const steps = points.filter((p) => p.key === key).map((p) => p.step);
        const [lo, hi] = [Math.min(...steps), Math.max(...steps)];
        for (let level = 2; level <= 26; level += 1) {
          if (Math.floor(hi / 4 ** level) - Math.floor(lo / 4 ** level) < maxBuckets) return level;
        }
        return 26;
      };
      // loss spans 0 … 2^52 + 5: two top-level buckets; 65 buckets of 4^23 steps.
      expect([1, 2, 100].map((m) => pickLevel('loss', m))).toEqual([26, 26, 23]);
      for (const [key, count] of [
        ['loss', 3_302],
        ['acc', 3_000],
      ] as const) {
        const levels = new Set<number>();
        for (const maxBuckets of [1, 2, 3, 100, 1_400, 2_000, 100_000]) {
          const envelope = await f.registry.runs.metricEnvelope(run.id, key, { maxBuckets });
          const level = pickLevel(key, maxBuckets);
          levels.add(level);
          expect(envelope.count).toBe(count);
          expect(envelope.bucketSteps).toBe(4 ** level);
          expect(envelope.points.map(({ key: _, ...p }) => p)).toEqual(
            expectedEnvelope(points, key, level),
          );
          if (maxBuckets > 1) expect(envelope.points.length).toBeLessThanOrEqual(4 * maxBuckets);
          // The history's ends and extremes are among the points.
          const all = points.filter((p) => p.key === key);
          const byStep = [...all].sort((a, b) => a.step - b.step || a.id - b.id);
          const values = envelope.points.map((p) => p.value);
          expect(envelope.points[0]?.step).toBe(byStep[0]?.step);
          expect(envelope.points[0]?.value).toBe(byStep[0]?.value);
          expect(envelope.points.at(-1)?.step).toBe(byStep.at(-1)?.step);
          expect(envelope.points.at(-1)?.value).toBe(byStep.at(-1)?.value);
          expect(Math.min(...values)).toBe(Math.min(...all.map((p) => p.value)));
          expect(Math.max(...values)).toBe(Math.max(...all.map((p) => p.value)));
        }
        expect(levels.size).toBeGreaterThan(3);
      }
    });

    it('concurrent batches of one run, on overlapping steps, keep the envelope of what was stored', async () => {
      const { f, experiment } = await setUpExperiment();
      const run = await f.registry.runs.create({ experimentId: experiment.id });
      const next = random(5);
      await Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          for (let b = 0; b < 4; b += 1) {
            await f.registry.runs.logMetrics(
              run.id,
              Array.from({ length: 400 }, (_, i) => ({
                key: writer % 2 === 0 ? 'shared' : `w${writer}`,
                value: Math.round(next() * 1_000) / 7,
                step: (i * 8 + writer + b * 3_200) % 9_000,
              })),
            );
          }
        }),
      );
      const { actual, points } = await summaryState(f, run.id);
      expect(points).toHaveLength(8 * 4 * 400);
      expect(actual).toEqual(expectedSummaries(points));
      const totals = await f.query<{ level: number; n: number }>(
        `SELECT level::int AS level, sum(count)::int AS n FROM metric_summaries
          WHERE run_id = $1::uuid AND key = 'shared' GROUP BY level ORDER BY level`,
        run.id,
      );
      expect(totals).toEqual(Array.from({ length: 25 }, (_, i) => ({ level: i + 2, n: 6_400 })));
    });

    it('answers nothing for a key never logged, not_found for a missing run, invalid for bad options', async () => {
      const { f, experiment } = await setUpExperiment();
      const run = await f.registry.runs.create({ experimentId: experiment.id });
      await f.registry.runs.logMetrics(run.id, [{ key: 'loss', value: 1, step: 3 }]);
      expect(await f.registry.runs.metricEnvelope(run.id, 'nope', { maxBuckets: 10 })).toEqual({
        count: 0,
        bucketSteps: null,
        points: [],
      });
      const one = await f.registry.runs.metricEnvelope(run.id, 'loss', { maxBuckets: 10 });
      expect(one).toMatchObject({ count: 1, bucketSteps: 16 });
      expect(one.points.map((p) => [p.step, p.value])).toEqual([[3, 1]]);
      await expectRegistryError(
        f.registry.runs.metricEnvelope('00000000-0000-4000-8000-000000000000', 'loss', {
          maxBuckets: 10,
        }),
        'not_found',
      );
      for (const maxBuckets of [0, 1.5, 100_001]) {
        await expectRegistryError(
          f.registry.runs.metricEnvelope(run.id, 'loss', { maxBuckets }),
          'invalid',
        );
      }
    });

    it('metricEnvelopes answers several runs at once, each as metricEnvelope and metricKeys do', async () => {
      const { f, project, experiment } = await setUpExperiment();
      const [a, b, empty] = await Promise.all(
        [0, 1, 2].map(() => f.registry.runs.create({ experimentId: experiment.id })),
      );
      if (a === undefined || b === undefined || empty === undefined) throw new Error('no runs');
      const next = random(11);
      await f.registry.runs.logMetrics(
        a.id,
        Array.from({ length: 5_000 }, (_, i) => ({
          key: 'loss',
          value: Math.round(next() * 1_000) / 7,
          step: i * 3,
        })),
      );
      await f.registry.runs.logMetrics(a.id, [
        { key: 'acc', value: 0.5, step: 2 },
        { key: 'acc', value: 0.25, step: 1 },
      ]);
      await f.registry.runs.logMetrics(
        b.id,
        Array.from({ length: 700 }, (_, i) => ({ key: 'loss', value: next(), step: 1_000 + i })),
      );
      for (const maxBuckets of [1, 10, 1_200]) {
        const batch = await f.registry.runs.metricEnvelopes([b.id, empty.id, a.id], { maxBuckets });
        expect(batch.map((r) => [r.runId, r.projectId])).toEqual(
          [b, empty, a].map((r) => [r.id, project.id]),
        );
        for (const run of batch) {
          const keys = await f.registry.runs.metricKeys(run.runId);
          expect(run.metrics.map((m) => [m.key, m.count])).toEqual(
            keys.map((k) => [k.key, k.count]),
          );
          for (const { key, ...envelope } of run.metrics) {
            expect(envelope).toEqual(
              await f.registry.runs.metricEnvelope(run.runId, key, { maxBuckets }),
            );
          }
        }
      }
      const onlyAcc = await f.registry.runs.metricEnvelopes([a.id, a.id, b.id], {
        maxBuckets: 10,
        keys: ['acc', 'nope', ''],
      });
      expect(onlyAcc.map((r) => [r.runId, r.metrics.map((m) => m.key)])).toEqual([
        [a.id, ['acc']],
        [b.id, []],
      ]);
      expect(await f.registry.runs.metricEnvelopes([], { maxBuckets: 10 })).toEqual([]);
      for (const missing of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        await expectRegistryError(
          f.registry.runs.metricEnvelopes([a.id, missing], { maxBuckets: 10 }),
          'not_found',
        );
      }
      await expectRegistryError(
        f.registry.runs.metricEnvelopes([a.id], { maxBuckets: 0 }),
        'invalid',
      );
    });
  });
}
