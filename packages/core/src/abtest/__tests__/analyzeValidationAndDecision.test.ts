/**
 * What analyzeAbTest refuses (impossible inputs: InvalidInputError naming the field) and how it
 * decides (its own rule on top of the reference statistics: SRM and guardrails block, a winner
 * needs every primary metric significantly better).
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { analyzeAbTest, type TAnalyzeAbTestInput } from '../index.js';

const variants = [
  { name: 'control', units: 10000, expectedWeight: 0.5 },
  { name: 'candidate', units: 10000, expectedWeight: 0.5 },
];
const prop = (n: number, sum: number) => ({ kind: 'proportion' as const, n, sum });
const base = (over: Partial<TAnalyzeAbTestInput> = {}): TAnalyzeAbTestInput => ({
  variants,
  metrics: [{ name: 'conversion', role: 'primary', stats: [prop(10000, 1000), prop(10000, 1200)] }],
  method: 'frequentist',
  ...over,
});

function issuePaths(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).issues.map((i) => i.path.join('.'));
  }
  throw new Error('expected an InvalidInputError');
}

describe('analyzeAbTest(input) refuses impossible inputs', () => {
  it('negative n, sum > n for a proportion, non-integer n', () => {
    expect(
      issuePaths(() =>
        analyzeAbTest(
          base({ metrics: [{ name: 'c', role: 'primary', stats: [prop(-1, 0), prop(10, 1)] }] }),
        ),
      ),
    ).toContain('metrics.0.stats.0.n');
    expect(() =>
      analyzeAbTest(
        base({ metrics: [{ name: 'c', role: 'primary', stats: [prop(10, 11), prop(10, 1)] }] }),
      ),
    ).toThrow(/sum \(11\) exceeds n \(10\)/);
    expect(
      issuePaths(() =>
        analyzeAbTest(
          base({ metrics: [{ name: 'c', role: 'primary', stats: [prop(10.5, 1), prop(10, 1)] }] }),
        ),
      ),
    ).toEqual(['metrics.0.stats.0.n']);
  });

  it('expected weights not summing to 1 ± 1e-6', () => {
    expect(() =>
      analyzeAbTest(
        base({
          variants: [
            { name: 'a', units: 1, expectedWeight: 0.5 },
            { name: 'b', units: 1, expectedWeight: 0.49 },
          ],
        }),
      ),
    ).toThrow(/expected weights sum to 0.99; they must sum to 1/);
  });

  it('one statistic per variant, one kind per metric, CUPED data for all or none, unique names', () => {
    expect(() =>
      analyzeAbTest(base({ metrics: [{ name: 'c', role: 'primary', stats: [prop(10, 1)] }] })),
    ).toThrow(/has 1 statistics but there are 2 variants/);
    expect(() =>
      analyzeAbTest(
        base({
          metrics: [
            {
              name: 'c',
              role: 'primary',
              stats: [prop(10, 1), { kind: 'mean', n: 10, sum: 1, sumSquares: 1 }],
            },
          ],
        }),
      ),
    ).toThrow(/mixes kinds proportion, mean/);
    const pre = { sum: 3, sumSquares: 3, productSum: 1 };
    expect(() =>
      analyzeAbTest(
        base({
          metrics: [{ name: 'c', role: 'primary', stats: [{ ...prop(10, 1), pre }, prop(10, 1)] }],
        }),
      ),
    ).toThrow(/pre-period covariate for 1 of 2 variants/);
    expect(() =>
      analyzeAbTest(
        base({
          metrics: [
            {
              name: 'c',
              role: 'primary',
              stats: [{ ...prop(10, 1), pre: { ...pre, sumSquares: 5 } }, prop(10, 1)],
            },
          ],
        }),
      ),
    ).toThrow(/must be 0\/1/);
    const m = { name: 'c', role: 'primary' as const, stats: [prop(10, 1), prop(10, 1)] };
    expect(() => analyzeAbTest(base({ metrics: [m, m] }))).toThrow(/appears twice/);
  });

  it('one variant, unknown method, alpha outside (0, 1)', () => {
    expect(() => analyzeAbTest(base({ variants: [variants[0] as (typeof variants)[0]] }))).toThrow(
      InvalidInputError,
    );
    expect(() => analyzeAbTest(base({ method: 'magic' as 'bayesian' }))).toThrow(InvalidInputError);
    expect(issuePaths(() => analyzeAbTest(base({ alpha: 1 })))).toEqual(['alpha']);
  });
});

describe('analyzeAbTest(input).decision', () => {
  it('names a winner significantly better on every primary metric', () => {
    const r = analyzeAbTest(base());
    expect(r.metrics[0]?.variants[1]?.significant).toBe('better');
    expect(r.decision).toMatchObject({ blocked: false, winner: 1 });
  });

  it('is blocked by a sample-ratio mismatch (p < 0.001), whatever the metrics say', () => {
    const r = analyzeAbTest(
      base({
        variants: [
          { name: 'control', units: 10000, expectedWeight: 0.5 },
          { name: 'candidate', units: 10600, expectedWeight: 0.5 },
        ],
      }),
    );
    expect(r.srm.flagged).toBe(true);
    expect(r.decision.blocked).toBe(true);
    expect(r.decision.winner).toBeNull();
    expect(r.decision.reasons[0]).toMatch(/sample-ratio mismatch/);
  });

  it('is blocked by a guardrail significantly worse (an inverse metric going up)', () => {
    const r = analyzeAbTest(
      base({
        metrics: [
          { name: 'conversion', role: 'primary', stats: [prop(10000, 1000), prop(10000, 1200)] },
          {
            name: 'errors',
            role: 'guardrail',
            inverse: true,
            stats: [prop(10000, 100), prop(10000, 160)],
          },
        ],
      }),
    );
    expect(r.metrics[1]?.variants[1]?.significant).toBe('worse');
    expect(r.decision).toMatchObject({ blocked: true, winner: null });
    expect(r.decision.reasons.join()).toMatch(
      /guardrail 'errors' is significantly worse in variant 1/,
    );
  });

  it('keeps control (winner 0) when every variant is worse, and waits (null) when nothing is significant', () => {
    const worse = analyzeAbTest(
      base({
        metrics: [{ name: 'c', role: 'primary', stats: [prop(10000, 1200), prop(10000, 1000)] }],
      }),
    );
    expect(worse.decision.winner).toBe(0);
    const flat = analyzeAbTest(
      base({
        metrics: [{ name: 'c', role: 'primary', stats: [prop(10000, 1000), prop(10000, 1010)] }],
      }),
    );
    expect(flat.decision.winner).toBeNull();
    expect(flat.decision.reasons[0]).toMatch(/no variant is significantly better/);
  });

  it('a Holm correction can take a borderline win away', () => {
    const metrics: TAnalyzeAbTestInput['metrics'] = [
      { name: 'a', role: 'primary', stats: [prop(10000, 1000), prop(10000, 1090)] },
      { name: 'b', role: 'primary', stats: [prop(10000, 1000), prop(10000, 1090)] },
      { name: 'c', role: 'primary', stats: [prop(10000, 1000), prop(10000, 1090)] },
    ];
    const raw = analyzeAbTest(base({ metrics }));
    const holm = analyzeAbTest(base({ metrics, correction: 'holm' }));
    const p = raw.metrics[0]?.variants[1]?.relative.pValue as number;
    expect(p).toBeLessThan(0.05);
    expect(holm.metrics[0]?.variants[1]?.adjustedPValue).toBeCloseTo(Math.min(1, 3 * p), 15);
    expect(raw.decision.winner).toBe(1);
    expect(holm.decision.winner).toBeNull();
  });

  it('Bayesian: wins on chance to win > 1 − α', () => {
    const r = analyzeAbTest(base({ method: 'bayesian' }));
    expect(r.metrics[0]?.variants[1]?.chanceToWin).toBeGreaterThan(0.95);
    expect(r.metrics[0]?.variants[1]?.relative.pValue).toBeNull();
    expect(r.decision.winner).toBe(1);
  });
});
