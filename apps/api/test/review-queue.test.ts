import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  json,
  type ProblemBody,
  readJson,
  registerSpecVersion,
  startHarness,
} from './harness.js';

// The human-in-the-loop review queue (issue 15, item 2): low-confidence predictions of a
// registered version enter the model's queue off the request path; reviewers, with tokens scoped
// to one queue, claim items under a lease and accept or correct them; the report compares reviewed
// and automated items.

// P(yes) = σ(x0 − x1): [0, 0] is a coin toss (margin 0, queued), [6, 0] is sure (automated).
const spec = { type: 'logistic', coef: [1, -1], intercept: 0, classes: ['no', 'yes'] };

interface Item {
  id: string;
  status: string;
  confidence: number;
  prediction: string | number;
  features: Record<string, number | string>;
  claimedBy: string | null;
  reviewsNeeded: number;
}
interface Page {
  items: Item[];
  next: string | null;
  counts: { automated: number; pending: number; claimed: number; done: number };
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('review queue', () => {
  let h: Harness;
  const base = '/v1/projects/default/models/triage';
  const put = (path: string, body: unknown) => h.call(path, { ...json(body), method: 'PUT' });
  const page = async (query = '') => readJson<Page>(await h.call(`${base}/review/items${query}`));
  const tokens: Record<string, string> = {};
  const asReviewer = (name: string, path: string, body: unknown = {}) =>
    h.call(path, { ...json(body), key: tokens[name] as string });

  beforeAll(async () => {
    h = await startHarness();
    await registerSpecVersion(h, 'triage', spec);
    await registerSpecVersion(h, 'other', spec);
    for (const [model, name] of [
      ['triage', 'ann'],
      ['triage', 'bob'],
      ['other', 'carl'],
    ] as const) {
      const res = await h.call(
        `/v1/projects/default/models/${model}/review/reviewers`,
        json({ name }),
      );
      expect(res.status).toBe(201);
      tokens[name] = (await readJson<{ token: string }>(res)).token;
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a bad policy with a message saying what to fix; 404 before one is set', async () => {
    expect((await h.call(`${base}/review/policy`)).status).toBe(404);
    const bad = await put(`${base}/review/policy`, { threshold: 2 });
    expect(bad.status).toBe(400);
    expect((await readJson<ProblemBody>(bad)).detail).toContain('threshold must be at most 1');
    const unknown = await put(`${base}/review/policy`, { threshold: 0.5, colour: 'red' });
    expect(unknown.status).toBe(400);
  });

  it('routes predictions: below the threshold into the queue, above it automated', async () => {
    const set = await put(`${base}/review/policy`, {
      threshold: 0.5,
      targetRisk: 0.2,
      groupFeature: 'region',
    });
    expect(set.status).toBe(200);
    expect(await readJson(set)).toMatchObject({ threshold: 0.5, leaseMs: 600_000 });
    const res = await h.call(
      `${base}/predict`,
      json({
        rows: [
          [0, 0],
          [6, 0],
          [0.2, 0],
          [0, 7],
        ],
      }),
    );
    expect(res.status).toBe(200);
    const queue = await until(
      () => page(),
      (p) => p.items.length === 4,
    );
    expect(queue.counts).toEqual({ automated: 2, pending: 2, claimed: 0, done: 0 });
    const pending = queue.items.filter((i) => i.status === 'pending');
    expect(pending.map((i) => i.confidence)).toEqual([
      0,
      expect.closeTo(Math.abs(2 / (1 + Math.exp(-0.2)) - 1), 12),
    ]);
    expect(Object.values(pending[0]?.features ?? {})).toEqual([0, 0]);
    expect((await page('?status=automated')).items.map((i) => i.prediction)).toEqual(['yes', 'no']);
  });

  it('a reviewer token reaches its own queue only; API keys are not reviewer tokens', async () => {
    expect((await asReviewer('carl', `${base}/review/claims`)).status).toBe(403);
    const withKey = await h.call(`${base}/review/claims`, json({}));
    expect(withKey.status).toBe(401);
    const none = await h.call(`${base}/review/claims`, { ...json({}), key: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    // Carl's own (empty) queue answers.
    const own = await asReviewer('carl', '/v1/projects/default/models/other/review/claims');
    expect(await readJson(own)).toEqual({ item: null });
    // Reviewers cannot reach the editors' routes with their token.
    expect((await h.call(`${base}/review/items`, { key: tokens.ann as string })).status).toBe(401);
  });

  it('claims under a lease: no item to two reviewers; accept and correct', async () => {
    const ann = await readJson<{ item: Item }>(await asReviewer('ann', `${base}/review/claims`));
    expect(ann.item.status).toBe('claimed');
    const again = await readJson<{ item: Item }>(await asReviewer('ann', `${base}/review/claims`));
    expect(again.item.id).toBe(ann.item.id);
    const bob = await readJson<{ item: Item }>(await asReviewer('bob', `${base}/review/claims`));
    expect(bob.item.id).not.toBe(ann.item.id);
    const taken = await asReviewer('bob', `${base}/review/claims`, { itemId: ann.item.id });
    expect(taken.status).toBe(409);
    const notMine = await asReviewer('bob', `${base}/review/items/${ann.item.id}/reviews`, {
      decision: 'accept',
    });
    expect(notMine.status).toBe(409);
    const noLabel = await asReviewer('ann', `${base}/review/items/${ann.item.id}/reviews`, {
      decision: 'correct',
    });
    expect(noLabel.status).toBe(400);
    expect((await readJson<ProblemBody>(noLabel)).detail).toContain('a correction needs a label');
    const corrected = await asReviewer('ann', `${base}/review/items/${ann.item.id}/reviews`, {
      decision: 'correct',
      label: ann.item.prediction === 'yes' ? 'no' : 'yes',
    });
    expect(corrected.status).toBe(201);
    expect(await readJson(corrected)).toMatchObject({ ordinal: 1, decision: 'correct' });
    const accepted = await asReviewer('bob', `${base}/review/items/${bob.item.id}/reviews`, {
      decision: 'accept',
    });
    expect(accepted.status).toBe(201);
    const twice = await asReviewer('bob', `${base}/review/items/${bob.item.id}/reviews`, {
      decision: 'accept',
    });
    expect(twice.status).toBe(409);
    expect((await asReviewer('ann', `${base}/review/claims`, { itemId: 'abc' })).status).toBe(400);
    expect((await page()).counts).toMatchObject({ pending: 0, claimed: 0, done: 2 });
  });

  it('batch submission and the report: curve, target threshold, agreement and bias checks', async () => {
    const predictions = Array.from({ length: 40 }, (_, i) => {
      const p = (i % 20) / 20;
      return {
        features: { income: i * 10, region: i % 4 === 0 ? 'north' : 'south' },
        prediction: p >= 0.5 ? 'yes' : 'no',
        probabilities: [p],
      };
    });
    const submitted = await h.call(`${base}/review/items`, json({ version: 1, predictions }));
    expect(submitted.status).toBe(201);
    const counts = await readJson<{ recorded: number; queued: number; automated: number }>(
      submitted,
    );
    expect(counts.recorded).toBe(40);
    expect(counts.queued + counts.automated).toBe(40);
    const missing = await h.call(`${base}/review/items`, json({ version: 9, predictions }));
    expect(missing.status).toBe(404);
    // Review a few of the queued ones.
    for (let k = 0; k < 6; k += 1) {
      const { item } = await readJson<{ item: Item | null }>(
        await asReviewer(k % 2 ? 'ann' : 'bob', `${base}/review/claims`),
      );
      if (item === null) break;
      const res = await asReviewer(
        k % 2 ? 'ann' : 'bob',
        `${base}/review/items/${item.id}/reviews`,
        {
          decision: k % 3 === 0 ? 'correct' : 'accept',
          ...(k % 3 === 0 ? { label: item.prediction === 'yes' ? 'no' : 'yes' } : {}),
        },
      );
      expect(res.status).toBe(201);
    }
    const res = await h.call(`${base}/review/report`);
    expect(res.status).toBe(200);
    const report = await readJson<{
      counts: { total: number; reviewed: number };
      curve: { thresholds: number[]; rateOfAutomation: number[]; riskRate: number[] };
      humanPolicy: { n: number; agreementRate: number };
      bias: {
        selection: { feature: string; kind: string; ks: unknown; chiSquare: unknown }[];
        latent: { feature: string; groups: { group: string }[] } | null;
        interaction: { feature: string; coverage: number }[];
      };
    }>(res);
    expect(report.counts).toMatchObject({ total: 44, reviewed: 8 });
    expect(report.curve.thresholds.length).toBeGreaterThan(1);
    expect(report.curve.rateOfAutomation.at(-1)).toBeGreaterThan(0);
    expect(report.humanPolicy.n).toBe(8);
    const income = report.bias.selection.find((s) => s.feature === 'income');
    expect(income).toMatchObject({ kind: 'numeric', chiSquare: null });
    expect(income?.ks).toMatchObject({ method: 'exact' });
    const region = report.bias.selection.find((s) => s.feature === 'region');
    expect(region).toMatchObject({ kind: 'categorical', ks: null });
    expect(report.bias.latent?.feature).toBe('region');
    expect(report.bias.interaction.map((i) => i.feature)).toEqual(['region']);
  });
});
