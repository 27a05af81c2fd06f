import { describe, expect, it } from 'vitest';
import type { BackendFixture } from '../backends.js';
import { bytesOf, expectRegistryError, unique } from '../helpers.js';

/** A/B tests (issue 14): the entity, sticky assignment, idempotent events, sufficient statistics. */
export function abTestSuite(fixture: () => BackendFixture): void {
  const setUp = async (start = true) => {
    const f = fixture();
    const project = await f.registry.projects.create({ name: unique('ab-proj') });
    await f.registry.models.register({ projectId: project.id, name: 'ranker' });
    for (let i = 1; i <= 2; i += 1) {
      await f.registry.versions.create({
        projectId: project.id,
        modelName: 'ranker',
        format: 'json',
        artifact: bytesOf(`ranker v${i} ${unique('x')}`),
      });
    }
    await f.registry.aliases.set({
      projectId: project.id,
      modelName: 'ranker',
      alias: 'production',
      version: 1,
    });
    const test = await f.registry.abTests.create(
      {
        projectId: project.id,
        modelName: 'ranker',
        name: unique('ab'),
        variants: [
          { name: 'control', alias: 'production', weight: 1 },
          { name: 'treatment', version: 2, weight: 3 },
        ],
        metrics: [
          { name: 'converted', kind: 'proportion', event: 'purchase' },
          { name: 'revenue', kind: 'mean', event: 'purchase', role: 'guardrail' },
          { name: 'per-session', kind: 'ratio', event: 'purchase', denominator: 'session' },
        ],
        start,
      },
      'alice',
    );
    return { f, project, test };
  };

  describe('A/B tests', () => {
    it('create normalizes weights, draws a salt, defaults to sequential; get and list find it', async () => {
      const { f, project, test } = await setUp(false);
      expect(test).toMatchObject({
        status: 'draft',
        method: 'sequential',
        coverage: 1,
        unitType: 'user',
        createdBy: 'alice',
        variants: [
          { index: 0, name: 'control', alias: 'production', version: null, weight: 0.25 },
          { index: 1, name: 'treatment', alias: null, version: 2, weight: 0.75 },
        ],
      });
      expect(test.salt).toMatch(/^[0-9a-f]{32}$/);
      expect(test.metrics[2]).toEqual({
        name: 'per-session',
        role: 'primary',
        kind: 'ratio',
        event: 'purchase',
        denominator: 'session',
        inverse: false,
      });
      expect(await f.registry.abTests.get(project.id, test.id)).toEqual(test);
      const page = await f.registry.abTests.list(project.id, { modelName: 'ranker' });
      expect(page.items.map((t) => t.id)).toEqual([test.id]);
      expect((await f.registry.abTests.list(project.id, { status: 'running' })).items).toEqual([]);
    });

    it('refuses a missing version, a duplicate name, a ratio without denominator', async () => {
      const { f, project, test } = await setUp(false);
      const base = {
        projectId: project.id,
        modelName: 'ranker',
        name: unique('ab'),
        metrics: [{ name: 'c', kind: 'proportion' as const, event: 'buy' }],
      };
      const missing = await expectRegistryError(
        f.registry.abTests.create({
          ...base,
          variants: [
            { name: 'a', version: 1, weight: 1 },
            { name: 'b', version: 9, weight: 1 },
          ],
        }),
        'not_found',
      );
      expect(missing.message).toContain('Version 9');
      await expectRegistryError(
        f.registry.abTests.create({
          ...base,
          name: test.name,
          variants: [
            { name: 'a', version: 1, weight: 1 },
            { name: 'b', version: 2, weight: 1 },
          ],
        }),
        'conflict',
      );
      const bad = await expectRegistryError(
        f.registry.abTests.create({
          ...base,
          variants: [
            { name: 'a', version: 1, weight: 1 },
            { name: 'a', version: 2, weight: 0 },
          ],
          metrics: [{ name: 'r', kind: 'ratio', event: 'buy' }],
        }),
        'invalid',
      );
      expect(bad.message).toContain('duplicate variant name');
      expect(bad.message).toContain('a ratio metric needs a denominator event');
    });

    it('assignment is sticky: first exposure once, kept across a ramp-up, forgotten on reassign', async () => {
      const { f, project, test } = await setUp(false);
      await expectRegistryError(
        f.registry.abTests.assign(test.id, [{ unitId: 'u1', variant: 0 }]),
        'conflict',
      );
      await f.registry.abTests.update(project.id, test.id, { status: 'running' });
      const first = await f.registry.abTests.assign(test.id, [
        { unitId: 'u1', variant: 0 },
        { unitId: 'u2', variant: 1 },
        { unitId: 'u1', variant: 0 },
        { unitId: 'h', variant: -1 },
      ]);
      expect(first).toEqual([
        { unitId: 'u1', variant: 0, first: true },
        { unitId: 'u2', variant: 1, first: true },
        { unitId: 'u1', variant: 0, first: false },
        { unitId: 'h', variant: -1, first: false },
      ]);
      // A ramp-up proposes other variants: the stored ones win.
      const ramped = await f.registry.abTests.update(project.id, test.id, { weights: [0, 1] });
      expect(ramped.variants.map((v) => v.weight)).toEqual([0, 1]);
      const again = await f.registry.abTests.assign(test.id, [
        { unitId: 'u1', variant: 1 },
        { unitId: 'u3', variant: 1 },
      ]);
      expect(again).toEqual([
        { unitId: 'u1', variant: 0, first: false },
        { unitId: 'u3', variant: 1, first: true },
      ]);
      const days = await f.registry.abTests.exposuresByDay(test.id);
      expect(days.reduce((s, d) => s + d.units, 0)).toBe(3);
      const reassigned = await f.registry.abTests.update(project.id, test.id, { reassign: true });
      expect(reassigned.phaseStartedAt).not.toBe(test.phaseStartedAt);
      expect(await f.registry.abTests.assign(test.id, [{ unitId: 'u1', variant: 1 }])).toEqual([
        { unitId: 'u1', variant: 1, first: true },
      ]);
      await expectRegistryError(
        f.registry.abTests.update(project.id, test.id, { weights: [1, 1, 1] }),
        'invalid',
      );
    });

    it('events: a retried batch is stored once; a bad event fails the batch naming it', async () => {
      const { f, test } = await setUp();
      const events = [
        { unitId: 'u1', event: 'purchase', value: 10 },
        { unitId: 'u2', event: 'session' },
      ];
      expect(await f.registry.abTests.appendEvents(test.id, 'batch-1', events)).toEqual({
        stored: 2,
        duplicate: false,
      });
      expect(await f.registry.abTests.appendEvents(test.id, 'batch-1', events)).toEqual({
        stored: 0,
        duplicate: true,
      });
      const bad = await expectRegistryError(
        f.registry.abTests.appendEvents(test.id, 'batch-2', [
          { unitId: 'u1', event: 'purchase' },
          { unitId: 'u1', event: 'purchase', value: Number.NaN },
        ]),
        'invalid',
      );
      expect(bad.message).toContain('events[1].value must be a finite number');
      await expectRegistryError(
        f.registry.abTests.appendEvents('0190b5c0-0000-7000-8000-000000000000', 'k', events),
        'not_found',
      );
    });

    it('events keep unit ids with quotes, backslashes, commas and braces intact', async () => {
      const { f, project, test } = await setUp();
      const odd = ['we"ird', 'back\\slash', 'a,b', '{x}', ' spaced ', 'NULL', 'é→😀'];
      await f.registry.abTests.assign(
        test.id,
        odd.map((unitId) => ({ unitId, variant: 0 })),
      );
      await f.registry.abTests.appendEvents(
        test.id,
        'odd',
        odd.map((unitId, i) => ({ unitId, event: 'purchase', value: i + 1 })),
      );
      const agg = await f.registry.abTests.aggregate(project.id, test.id);
      // Every event found its exposed unit: 7 converters, Σ value = 1 + … + 7.
      expect(agg.variants[0]?.metrics[0]).toMatchObject({ n: 7, sum: 7 });
      expect(agg.variants[0]?.metrics[1]).toMatchObject({ sum: 28 });
    });

    it('aggregate: per variant units and sums, equal to the hand-computed ones', async () => {
      const { f, project, test } = await setUp();
      await f.registry.abTests.assign(test.id, [
        { unitId: 'a1', variant: 0 },
        { unitId: 'a2', variant: 0 },
        { unitId: 'b1', variant: 1 },
        { unitId: 'b2', variant: 1 },
        { unitId: 'b3', variant: 1 },
      ]);
      await f.registry.abTests.appendEvents(test.id, 'k1', [
        { unitId: 'a1', event: 'purchase', value: 5, pre: 2 },
        { unitId: 'a1', event: 'purchase', value: 3, pre: 2 },
        { unitId: 'a1', event: 'session', value: 2, pre: 3 },
        { unitId: 'a2', event: 'session', value: 1 },
        { unitId: 'b1', event: 'purchase', value: 4, pre: 1 },
        { unitId: 'b2', event: 'session', value: 4 },
        { unitId: 'b3', event: 'purchase', value: 1 },
        { unitId: 'b3', event: 'session', value: 1 },
        // Never exposed: does not count.
        { unitId: 'zz', event: 'purchase', value: 100 },
      ]);
      const agg = await f.registry.abTests.aggregate(project.id, test.id);
      expect(agg.variants.map((v) => v.units)).toEqual([2, 3]);
      const [a, b] = agg.variants;
      // control: x (purchase) a1=8, a2=0; y (session) a1=2, a2=1; p a1=2, a2=0
      expect(a?.metrics[0]).toMatchObject({ n: 2, sum: 1, sumSquares: 1 });
      expect(a?.metrics[1]).toMatchObject({
        n: 2,
        sum: 8,
        sumSquares: 64,
        pre: { sum: 2, sumSquares: 4, productSum: 16 },
      });
      expect(a?.metrics[2]).toMatchObject({
        sum: 8,
        sumSquares: 64,
        denominatorSum: 3,
        denominatorSumSquares: 5,
        productSum: 16,
        // a1: m₀ = 2, d₀ = 3; a2: neither.
        ratioPre: {
          numeratorSum: 2,
          numeratorSumSquares: 4,
          denominatorSum: 3,
          denominatorSumSquares: 9,
          productSum: 6,
          numeratorProductSum: 16,
          denominatorProductSum: 6,
          numeratorDenominatorPreSum: 24,
          numeratorPreDenominatorSum: 4,
        },
      });
      // treatment: x b1=4, b2=0, b3=1; y b1=0, b2=4, b3=1
      expect(b?.metrics[0]).toMatchObject({ n: 3, sum: 2, sumSquares: 2 });
      expect(b?.metrics[2]).toMatchObject({
        sum: 5,
        sumSquares: 17,
        denominatorSum: 5,
        denominatorSumSquares: 17,
        productSum: 1,
      });
      const before = await f.registry.abTests.aggregate(project.id, test.id, {
        until: new Date(Date.parse(test.createdAt) - 1000),
      });
      expect(before.variants.map((v) => v.units)).toEqual([0, 0]);
    });

    it('stop records the decision once; a stopped test takes no ramp-up', async () => {
      const { f, project, test } = await setUp();
      const stopped = await f.registry.abTests.stop(
        project.id,
        test.id,
        { winner: 1, version: 2, report: { srm: { flagged: false } }, reason: 'lift' },
        'bob',
      );
      expect(stopped).toMatchObject({
        status: 'stopped',
        decision: {
          winner: 1,
          winnerName: 'treatment',
          version: 2,
          decidedBy: 'bob',
          override: null,
        },
      });
      expect(stopped.stoppedAt).not.toBeNull();
      await expectRegistryError(
        f.registry.abTests.stop(project.id, test.id, { winner: null, version: null, report: {} }),
        'conflict',
      );
      await expectRegistryError(
        f.registry.abTests.update(project.id, test.id, { weights: [1, 1] }),
        'conflict',
      );
      await expectRegistryError(
        f.registry.abTests.assign(test.id, [{ unitId: 'late', variant: 0 }]),
        'conflict',
      );
    });
  });
}
