import { describe, expect, it } from 'vitest';
import type { ReviewItemInput } from '../../src/index.js';
import type { BackendFixture } from '../backends.js';
import { expectRegistryError, sha256, unique } from '../helpers.js';

/** The human-in-the-loop review queue (issue 15, item 2), on every backend. */
export function reviewSuite(fixture: () => BackendFixture): void {
  const setUp = async () => {
    const f = fixture();
    const project = await f.registry.projects.create({ name: unique('review-proj') });
    const model = await f.registry.models.register({ projectId: project.id, name: 'triage' });
    return { f, project, model };
  };
  const items = (
    base: { projectId: string; modelId: string },
    n: number,
    patch: (i: number) => Partial<ReviewItemInput> = () => ({}),
  ): ReviewItemInput[] =>
    Array.from({ length: n }, (_, i) => ({
      ...base,
      version: 1,
      requestId: `req-${i}`,
      rowIndex: 0,
      features: { age: 20 + i, region: i % 2 === 0 ? 'north' : 'south' },
      prediction: 'spam',
      confidence: 0.4,
      status: 'pending',
      reviewsNeeded: 1,
      audit: false,
      ...patch(i),
    }));
  /** Makes every live claim of the model lapse (as if its lease ran out). */
  const lapse = (f: BackendFixture, modelId: string) =>
    f.query(
      `UPDATE review_items SET lease_until = now() - interval '1 second' WHERE model_id = $1::uuid AND status = 'claimed'`,
      modelId,
    );

  describe('review policy', () => {
    it('set → get, defaults filled; replaced by the next set; audited', async () => {
      const { f, project, model } = await setUp();
      expect(await f.registry.reviews.getPolicy(project.id, 'triage')).toBeNull();
      const policy = await f.registry.reviews.setPolicy(
        { projectId: project.id, modelName: 'triage', threshold: 0.8 },
        'alice',
      );
      expect(policy).toMatchObject({
        modelName: 'triage',
        modelId: model.id,
        threshold: 0.8,
        doubleReviewFraction: 0,
        auditFraction: 0,
        leaseMs: 600_000,
        targetRisk: null,
        groupFeature: null,
        updatedBy: 'alice',
      });
      await f.registry.reviews.setPolicy(
        {
          projectId: project.id,
          modelName: 'triage',
          threshold: 0.6,
          doubleReviewFraction: 0.25,
          targetRisk: 0.05,
          groupFeature: 'region',
        },
        'bob',
      );
      expect(await f.registry.reviews.getPolicy(project.id, 'triage')).toMatchObject({
        threshold: 0.6,
        doubleReviewFraction: 0.25,
        targetRisk: 0.05,
        groupFeature: 'region',
        updatedBy: 'bob',
      });
      const audit = await f.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_logs WHERE action = 'model.review_policy' AND entity_id = $1`,
        model.id,
      );
      expect(audit[0]?.n).toBe(2);
    });

    it('refuses a threshold outside [0, 1], a short lease and an unknown model', async () => {
      const { f, project } = await setUp();
      const bad = await expectRegistryError(
        f.registry.reviews.setPolicy({
          projectId: project.id,
          modelName: 'triage',
          threshold: 1.5,
        }),
        'invalid',
      );
      expect(bad.message).toContain('threshold must be at most 1');
      await expectRegistryError(
        f.registry.reviews.setPolicy({
          projectId: project.id,
          modelName: 'triage',
          threshold: 0.5,
          leaseMs: 10,
        }),
        'invalid',
      );
      await expectRegistryError(
        f.registry.reviews.setPolicy({ projectId: project.id, modelName: 'nope', threshold: 0.5 }),
        'not_found',
      );
    });
  });

  describe('items and reviewers', () => {
    it('records a batch, lists it by status and counts it; a bad row stores nothing', async () => {
      const { f, project, model } = await setUp();
      const base = { projectId: project.id, modelId: model.id };
      const rows = items(base, 5, (i) =>
        i < 2 ? { status: 'automated', confidence: 0.95, reviewsNeeded: 0 } : {},
      );
      expect(await f.registry.reviews.record(rows)).toEqual({ count: 5 });
      const pending = await f.registry.reviews.listItems(project.id, 'triage', {
        status: 'pending',
      });
      expect(pending.items.map((i) => i.requestId)).toEqual(['req-2', 'req-3', 'req-4']);
      expect(pending.items[0]).toMatchObject({
        features: { age: 22, region: 'north' },
        prediction: 'spam',
        confidence: 0.4,
        reviewsNeeded: 1,
        reviewsDone: 0,
        claimedBy: null,
        finalLabel: null,
      });
      const page = await f.registry.reviews.listItems(project.id, 'triage', { limit: 2 });
      expect(page.items).toHaveLength(2);
      const rest = await f.registry.reviews.listItems(project.id, 'triage', {
        after: page.next as string,
      });
      expect(rest.items).toHaveLength(3);
      expect(await f.registry.reviews.counts(project.id, 'triage')).toEqual({
        automated: 2,
        pending: 3,
        claimed: 0,
        done: 0,
      });
      const refused = await expectRegistryError(
        f.registry.reviews.record([
          ...items(base, 2),
          ...items(base, 1, () => ({ confidence: 2 })),
        ]),
        'invalid',
      );
      expect(refused.message).toContain('rows[2].confidence must be a number in [0, 1]');
      expect((await f.registry.reviews.counts(project.id, 'triage')).pending).toBe(3);
      // Pages follow the numeric id order past 9 → 10 (ids are text in answers).
      await f.registry.reviews.record(items(base, 10));
      const ids: number[] = [];
      let after: string | undefined;
      do {
        const p = await f.registry.reviews.listItems(project.id, 'triage', {
          limit: 4,
          ...(after === undefined ? {} : { after }),
        });
        ids.push(...p.items.map((i) => Number(i.id)));
        after = p.next ?? undefined;
      } while (after !== undefined);
      expect(ids).toHaveLength(15);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    });

    it('a reviewer token is stored as its sha256 only, authenticates until revoked', async () => {
      const { f, project, model } = await setUp();
      const { token, reviewer } = await f.registry.reviews.createReviewer(
        { projectId: project.id, modelName: 'triage', name: 'ann' },
        'alice',
      );
      expect(token).toMatch(/^asrev_[A-Za-z0-9_-]{43}$/);
      expect(reviewer).toMatchObject({ name: 'ann', modelName: 'triage', revokedAt: null });
      const stored = await f.query<{ token_hash: string; prefix: string }>(
        'SELECT token_hash, prefix FROM reviewers WHERE id = $1::uuid',
        reviewer.id,
      );
      expect(stored[0]?.token_hash).toBe(sha256(token));
      expect(token.startsWith(stored[0]?.prefix as string)).toBe(true);
      expect(await f.registry.reviews.authenticateReviewer(token)).toEqual({
        id: reviewer.id,
        projectId: project.id,
        projectName: project.name,
        modelId: model.id,
        modelName: 'triage',
        name: 'ann',
      });
      expect(await f.registry.reviews.authenticateReviewer(`${token.slice(0, -1)}x`)).toBeNull();
      expect(await f.registry.reviews.authenticateReviewer('assay_not-a-reviewer')).toBeNull();
      await expectRegistryError(
        f.registry.reviews.createReviewer({
          projectId: project.id,
          modelName: 'triage',
          name: 'ann',
        }),
        'conflict',
      );
      const revoked = await f.registry.reviews.revokeReviewer(project.id, 'triage', reviewer.id);
      expect(revoked.revokedAt).not.toBeNull();
      expect(await f.registry.reviews.authenticateReviewer(token)).toBeNull();
      expect(await f.registry.reviews.listReviewers(project.id, 'triage')).toHaveLength(1);
    });
  });

  describe('claims and reviews', () => {
    const withReviewers = async (n: number) => {
      const s = await setUp();
      const reviewers = [];
      for (let i = 0; i < n; i += 1) {
        const { reviewer } = await s.f.registry.reviews.createReviewer({
          projectId: s.project.id,
          modelName: 'triage',
          name: `r${i}`,
        });
        reviewers.push({ id: reviewer.id, modelId: s.model.id });
      }
      return { ...s, reviewers };
    };

    it('claims the oldest item; a reviewer claiming again gets its own claim back', async () => {
      const { f, project, model, reviewers } = await withReviewers(2);
      const [ann, bob] = reviewers as [(typeof reviewers)[0], (typeof reviewers)[0]];
      await f.registry.reviews.record(items({ projectId: project.id, modelId: model.id }, 3));
      const first = await f.registry.reviews.claim(ann);
      expect(first).toMatchObject({ requestId: 'req-0', status: 'claimed', claimedBy: ann.id });
      expect(Date.parse(first?.leaseUntil as string)).toBeGreaterThan(Date.now() + 500_000);
      expect((await f.registry.reviews.claim(ann))?.id).toBe(first?.id);
      expect((await f.registry.reviews.claim(bob))?.requestId).toBe('req-1');
    });

    it('a claim by id respects a live lease; a lapsed claim returns to the queue', async () => {
      const { f, project, model, reviewers } = await withReviewers(2);
      const [ann, bob] = reviewers as [(typeof reviewers)[0], (typeof reviewers)[0]];
      await f.registry.reviews.setPolicy({
        projectId: project.id,
        modelName: 'triage',
        threshold: 0.5,
        leaseMs: 5000,
      });
      await f.registry.reviews.record(items({ projectId: project.id, modelId: model.id }, 1));
      const held = await f.registry.reviews.claim(ann);
      const leaseMs = Date.parse(held?.leaseUntil as string) - Date.now();
      expect(leaseMs).toBeGreaterThan(3000);
      expect(leaseMs).toBeLessThan(6000);
      const taken = await expectRegistryError(
        f.registry.reviews.claim(bob, { itemId: held?.id as string }),
        'conflict',
      );
      expect(taken.message).toContain('claimed by another reviewer');
      expect(await f.registry.reviews.claim(bob)).toBeNull();
      await expectRegistryError(
        f.registry.reviews.submitReview(bob, held?.id as string, { decision: 'accept' }),
        'conflict',
      );
      await lapse(f, model.id);
      expect((await f.registry.reviews.counts(project.id, 'triage')).pending).toBe(1);
      // Ann's lapsed lease no longer lets her review; Bob gets the item by id, then Ann cannot.
      await expectRegistryError(
        f.registry.reviews.submitReview(ann, held?.id as string, { decision: 'accept' }),
        'conflict',
      );
      const again = await f.registry.reviews.claim(bob, { itemId: held?.id as string });
      expect(again?.claimedBy).toBe(bob.id);
      await expectRegistryError(
        f.registry.reviews.claim(ann, { itemId: held?.id as string }),
        'conflict',
      );
      await expectRegistryError(
        f.registry.reviews.claim(ann, { itemId: '999999999' }),
        'not_found',
      );
    });

    it('accept and correct; a double-reviewed item goes to a second, different reviewer', async () => {
      const { f, project, model, reviewers } = await withReviewers(2);
      const [ann, bob] = reviewers as [(typeof reviewers)[0], (typeof reviewers)[0]];
      await f.registry.reviews.record(
        items({ projectId: project.id, modelId: model.id }, 2, (i) => ({
          reviewsNeeded: i === 0 ? 2 : 1,
        })),
      );
      const first = await f.registry.reviews.claim(ann);
      const review = await f.registry.reviews.submitReview(ann, first?.id as string, {
        decision: 'correct',
        label: 'ham',
      });
      expect(review).toMatchObject({ ordinal: 1, decision: 'correct', label: 'ham' });
      // The item needs a second review: Ann is given the other item, never this one again.
      const next = await f.registry.reviews.claim(ann);
      expect(next?.requestId).toBe('req-1');
      await f.registry.reviews.submitReview(ann, next?.id as string, { decision: 'accept' });
      expect(await f.registry.reviews.claim(ann)).toBeNull();
      await expectRegistryError(
        f.registry.reviews.claim(ann, { itemId: first?.id as string }),
        'conflict',
      );
      const second = await f.registry.reviews.claim(bob);
      expect(second).toMatchObject({ id: first?.id, reviewsDone: 1, finalLabel: 'ham' });
      expect(
        await f.registry.reviews.submitReview(bob, first?.id as string, { decision: 'accept' }),
      ).toMatchObject({ ordinal: 2, label: 'spam' });
      expect(await f.registry.reviews.counts(project.id, 'triage')).toMatchObject({ done: 2 });
      const data = await f.registry.reviews.reportData(project.id, 'triage');
      expect(data.map((d) => d.labels)).toEqual([['ham', 'spam'], ['spam']]);
      await expectRegistryError(
        f.registry.reviews.submitReview(ann, first?.id as string, { decision: 'correct' }),
        'invalid',
      );
    });

    it('50 concurrent reviewers never get the same item, and drain the queue', async () => {
      const { f, project, model, reviewers } = await withReviewers(50);
      const size = 150;
      await f.registry.reviews.record(items({ projectId: project.id, modelId: model.id }, size));
      const claimed = await Promise.all(
        reviewers.map(async (r) => {
          const mine: string[] = [];
          for (;;) {
            const item = await f.registry.reviews.claim(r);
            if (item === null) return mine;
            mine.push(item.id);
            await f.registry.reviews.submitReview(r, item.id, { decision: 'accept' });
          }
        }),
      );
      const all = claimed.flat();
      expect(all).toHaveLength(size);
      expect(new Set(all).size).toBe(size);
      expect(await f.registry.reviews.counts(project.id, 'triage')).toMatchObject({ done: size });
    });
  });
}
