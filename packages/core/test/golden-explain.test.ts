/**
 * Conformance: every case of `fixtures/golden/explain.json` runs through `explain(method, input,
 * params)` with the golden README's matching rules (|a − e| ≤ max(tol·|e|, absTol = 1e-12),
 * arrays element-wise and of equal length, `expectError` ⇒ InvalidInputError). The expected
 * values come from shap 0.46.0 and scikit-learn 1.2.1, never from this code.
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../src/errors/index.js';
import { explain, listExplainers } from '../src/explain/index.js';
import { assertMatches, nullsToNaN, readGoldenFile } from './support/golden.js';

const golden = readGoldenFile('explain.json');

describe('golden explain coverage', () => {
  it('every golden explain method is a registered explainer', () => {
    const names = new Set(listExplainers().map((e) => e.name));
    expect(
      [...new Set(golden.cases.map((c) => c.metric))].filter((m) => !names.has(m as never)),
    ).toEqual([]);
  });
});

describe(`golden explain (${golden.reference})`, () => {
  for (const c of golden.cases) {
    it(`${c.id}: ${c.metric} ${c.note ?? ''}`, async () => {
      const input = nullsToNaN(c.input);
      if (c.expectError !== undefined) {
        await expect(
          explain(c.metric, input, c.params ?? {}),
          c.expectError,
        ).rejects.toBeInstanceOf(InvalidInputError);
        return;
      }
      const result = await explain(c.metric, input, c.params ?? {});
      assertMatches(result, c.expected, 'result', c.tolerance ?? 1e-9, c.absTolerance ?? 1e-12);
    });
  }
});
