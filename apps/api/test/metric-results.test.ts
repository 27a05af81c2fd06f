import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listMetrics } from '@assay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, json, startHarness } from './harness.js';

// Every reference case of every registered metric, sent through the API: the harness checks each
// answer against the metric's documented result schema (a NaN sent as null, a field left out…),
// and a case the reference computes must answer 200, one it refuses a 400.
const dir =
  process.env.ASSAY_GOLDEN_DIR ??
  fileURLToPath(new URL('../../../fixtures/golden', import.meta.url));
const registered = new Set(listMetrics().map((m) => m.name));
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .flatMap(
    (f) =>
      (
        JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
          cases: {
            id: string;
            metric: string;
            input: unknown;
            params?: unknown;
            expectError?: string;
          }[];
        }
      ).cases ?? [],
  )
  .filter((c) => registered.has(c.metric));

describe('every metric answers its reference cases as documented', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ASSAY_RATE_LIMIT_RPS: '0' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('covers most registered metrics', () => {
    expect(new Set(cases.map((c) => c.metric)).size).toBeGreaterThan(registered.size / 2);
  });

  it('answers each case with a documented status and body', async () => {
    for (const c of cases) {
      const res = await h.call(
        `/v1/metrics/${c.metric}`,
        json({ input: c.input, ...(c.params !== undefined ? { params: c.params } : {}) }),
      );
      expect([c.id, res.status]).toEqual([c.id, c.expectError ? 400 : 200]);
    }
  }, 120_000);
});
