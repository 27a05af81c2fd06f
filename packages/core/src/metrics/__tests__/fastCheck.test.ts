import { describe, expect, it } from 'vitest';
import { computeMetric, getMetric, listMetrics } from '../computeMetric.js';
import { compileInputCheck } from '../fastCheck.js';

const values: unknown[] = [
  [],
  [0, 1, 2],
  [-0, 0.5],
  [1, Number.NaN],
  [1, Number.POSITIVE_INFINITY],
  [1, -2],
  ['a', 'b'],
  [1, 'a'],
  ['a', 1],
  [
    [0.2, 0.8],
    [0.5, 0.5],
  ],
  [[0.2, 0.8], 0.5],
  [[0.2, 'x']],
  [['a', 'b'], ['c']],
  [true, false],
  // biome-ignore lint/suspicious/noSparseArray: a hole must be refused like zod does
  [1, , 2],
  'text',
  1,
  null,
  undefined,
  { length: 0 },
];

/** Inputs built from every pair of candidate values under each metric's field names. */
function candidates(keys: string[]): unknown[] {
  const out: unknown[] = [null, [], 'x', Object.create(null)];
  for (const a of values) {
    for (const b of values) {
      const input: Record<string, unknown> = {};
      keys.forEach((key, i) => {
        input[key] = i % 2 === 0 ? a : b;
      });
      out.push(input);
      out.push({ ...input, extra: 1 });
    }
  }
  return out;
}

describe('compileInputCheck(schema)', () => {
  const compiled = listMetrics()
    .map((info) => getMetric(info.name))
    .map((metric) => ({ metric, check: compileInputCheck(metric.input) }));

  it('covers the metrics with large array inputs', () => {
    const names = compiled.filter((c) => c.check !== undefined).map((c) => c.metric.name);
    for (const name of ['accuracy', 'f1', 'rocAuc', 'mse', 'r2', 'bleu', 'rouge', 'rocCurve']) {
      expect(names).toContain(name);
    }
  });

  it('never accepts what zod rejects, and accepted input parses to an equal object', () => {
    let accepted = 0;
    for (const { metric, check } of compiled) {
      if (check === undefined) continue;
      const shape = (metric.input as unknown as { shape: Record<string, unknown> }).shape;
      for (const input of candidates(Object.keys(shape))) {
        const parsed = metric.input.safeParse(input);
        if (check(input)) {
          accepted++;
          expect(parsed.success, `${metric.name} ${JSON.stringify(input)}`).toBe(true);
          expect(parsed.data).toEqual(input);
        }
      }
    }
    expect(accepted).toBeGreaterThan(100);
  });

  it('rejected input still gets zod’s messages through computeMetric', () => {
    expect(() => computeMetric('rocAuc', { yTrue: [0, 1], yScore: [0.5, Number.NaN] })).toThrow(
      /^input\.yScore: expected an array of numbers/,
    );
    expect(() => computeMetric('mse', { yTrue: [1, 2], yPred: [1, Number.NaN] })).toThrow(
      /^input\.yPred\[1\]: /,
    );
  });

  it('a valid input takes the compiled path and gets the metric value', () => {
    const input = { yTrue: [0, 1, 1, 0], yScore: [0.1, 0.9, 0.6, 0.4] };
    expect(compileInputCheck(getMetric('rocAuc').input)?.(input)).toBe(true);
    expect(computeMetric('rocAuc', input)).toEqual({ value: 1 });
  });
});
