import { expect } from 'vitest';

/** Every `actual[i]` within `rel × max(1, |actual[i]|)` of `expected[i]`, lengths equal. */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rel: number,
): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const err = Math.abs(a - (expected[i] as number)) / Math.max(1, Math.abs(a));
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  expect(worst, `largest relative error at index ${at}`).toBeLessThanOrEqual(rel);
}
