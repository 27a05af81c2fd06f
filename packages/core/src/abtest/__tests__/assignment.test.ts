/**
 * Assignment against GrowthBook's own code: `reference/abtest_growthbook_hash.json` holds the
 * shared SDK test suite (`packages/sdk-js/test/cases.json`) and the outputs of GrowthBook's
 * `util.ts` (hash, getBucketRanges, chooseVariation) run under Node on generated ids
 * (scripts/reference/abtest_growthbook_hash.py).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import {
  assignVariant,
  bucketRanges,
  chooseVariant,
  createAssigner,
  type HashVersion,
  hashUnit,
  inNamespace,
} from '../index.js';

type Range = [number, number];
interface Fixture {
  casesJson: {
    hash: [string, string, number, number | null][];
    getBucketRange: [string, [number, number, number[] | null], Range[]][];
    chooseVariation: [string, number, Range[], number][];
    inNamespace: [string, string, [string, number, number], boolean][];
  };
  runs: {
    name: string;
    salt: string;
    unitId: string;
    weights: number[];
    coverage: number;
    hashVersion: HashVersion;
    variant: number;
  }[];
  generated: {
    hash: [string, string, HashVersion, number][];
    ranges: [[number, number, number[]], Range[], [number, number][]][];
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('./reference/abtest_growthbook_hash.json', import.meta.url), 'utf8'),
) as Fixture;

describe('hashUnit(seed, value, version) equals GrowthBook hash()', () => {
  it('on every case of cases.json (v1, v2 and an unknown version → null)', () => {
    for (const [seed, value, version, expected] of fixture.casesJson.hash) {
      expect(hashUnit(seed, value, version as HashVersion), `${seed}/${value}/v${version}`).toBe(
        expected,
      );
    }
  });

  it('bit for bit on 400 generated ids (ASCII, accents, CJK, astral characters, long ids)', () => {
    expect(fixture.generated.hash.length).toBe(400);
    for (const [seed, value, version, expected] of fixture.generated.hash) {
      expect(hashUnit(seed, value, version)).toBe(expected);
    }
  });
});

describe('bucketRanges(weights, coverage) equals GrowthBook getBucketRanges()', () => {
  it('on the valid cases of cases.json (its values are rounded: compared to 1e-12)', () => {
    let checked = 0;
    for (const [name, [k, coverage, weights], expected] of fixture.casesJson.getBucketRange) {
      const w = weights ?? new Array(k).fill(1 / k);
      const valid =
        w.length === k &&
        Math.abs(w.reduce((a, b) => a + b, 0) - 1) <= 1e-6 &&
        coverage >= 0 &&
        coverage <= 1;
      if (!valid) continue;
      const ranges = bucketRanges(w, coverage);
      expect(ranges.length, name).toBe(expected.length);
      ranges.forEach(([lo, hi], i) => {
        expect(lo, name).toBeCloseTo((expected[i] as Range)[0], 12);
        expect(hi, name).toBeCloseTo((expected[i] as Range)[1], 12);
      });
      checked++;
    }
    expect(checked).toBe(7);
  });

  it('refuses what GrowthBook silently repairs (weights not summing to 1, coverage outside [0, 1])', () => {
    expect(() => bucketRanges([0.4, 0.1])).toThrow(/weights sum to 0.5; they must sum to 1/);
    expect(() => bucketRanges([0.7, 0.6])).toThrow(InvalidInputError);
    expect(() => bucketRanges([0.4, 0.5999])).toThrow(InvalidInputError); // GrowthBook keeps it (±0.01)
    expect(() => bucketRanges([0.5, 0.5], -0.2)).toThrow(/coverage is -0.2/);
    expect(() => bucketRanges([0.5, 0.5], 1.5)).toThrow(/coverage is 1.5/);
    expect(() => bucketRanges([1.5, -0.5])).toThrow(/weights\[1\] is -0.5/);
    expect(() => bucketRanges([])).toThrow(/non-empty/);
  });

  it('bit for bit on 60 generated weightings and coverages; chooseVariant agrees with chooseVariation', () => {
    for (const [[, coverage, weights], expected, choices] of fixture.generated.ranges) {
      const ranges = bucketRanges(weights, coverage);
      expect(ranges).toEqual(expected);
      for (const [n, variant] of choices) expect(chooseVariant(n, ranges)).toBe(variant);
    }
  });
});

describe('chooseVariant and inNamespace equal GrowthBook', () => {
  it('chooseVariation cases', () => {
    for (const [name, n, ranges, expected] of fixture.casesJson.chooseVariation) {
      expect(chooseVariant(n, ranges), name).toBe(expected);
    }
  });

  it('inNamespace cases', () => {
    for (const [name, id, ns, expected] of fixture.casesJson.inNamespace) {
      expect(inNamespace(id, ns), name).toBe(expected);
    }
  });
});

describe('assignVariant(input) equals a GrowthBook experiment run', () => {
  it('on the plain runs of cases.json (key as salt, weights, coverage, hash v1)', () => {
    expect(fixture.runs.length).toBeGreaterThan(30);
    for (const run of fixture.runs) {
      const { variant } = assignVariant(run);
      expect(variant, run.name).toBe(run.variant);
    }
  });

  it('is sticky across a coverage ramp-up: a unit inside keeps its variant', () => {
    const weights = [0.5, 0.5];
    for (let i = 0; i < 2000; i++) {
      const unitId = `user-${i}`;
      const low = assignVariant({ salt: 'exp-1', unitId, weights, coverage: 0.2 });
      const high = assignVariant({ salt: 'exp-1', unitId, weights, coverage: 1 });
      expect(high.bucket).toBe(low.bucket);
      if (low.variant !== -1) expect(high.variant).toBe(low.variant);
    }
  });

  it('createAssigner (seed state kept, digits hashed without a string) gives GrowthBook buckets', () => {
    let checked = 0;
    for (const [seed, value, version, expected] of fixture.generated.hash) {
      if (value === '') continue;
      const assign = createAssigner({ salt: seed, weights: [0.5, 0.5], hashVersion: version });
      expect(assign(value).bucket).toBe(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('assignVariant (no ranges allocated) equals chooseVariant(hashUnit, bucketRanges) on the generated weightings', () => {
    for (const [[, coverage, weights]] of fixture.generated.ranges) {
      const ranges = bucketRanges(weights, coverage);
      for (let i = 0; i < 200; i++) {
        const unitId = `unit-${i}`;
        const bucket = hashUnit('ramp', unitId, 2) as number;
        expect(assignVariant({ salt: 'ramp', unitId, weights, coverage })).toEqual({
          variant: chooseVariant(bucket, ranges),
          bucket,
        });
      }
    }
  });

  it('createAssigner gives the same answers as assignVariant', () => {
    const config = { salt: 's', weights: [0.2, 0.3, 0.5], coverage: 0.9 };
    const assign = createAssigner(config);
    for (let i = 0; i < 500; i++) {
      expect(assign(`u${i}`)).toEqual(assignVariant({ ...config, unitId: `u${i}` }));
    }
  });

  it('splits 20,000 units close to the weights (v2 is unbiased)', () => {
    const assign = createAssigner({ salt: 'split', weights: [0.25, 0.75] });
    let treated = 0;
    for (let i = 0; i < 20000; i++) if (assign(String(i)).variant === 1) treated++;
    expect(Math.abs(treated / 20000 - 0.75)).toBeLessThan(0.015);
  });

  it('refuses an empty unit id, mismatched config and unknown hash versions', () => {
    expect(() => assignVariant({ salt: 's', unitId: '', weights: [1] })).toThrow(/unitId/);
    expect(() =>
      assignVariant({ salt: 's', unitId: 'u', weights: [0.5, 0.5], hashVersion: 3 as HashVersion }),
    ).toThrow(/hashVersion/);
    expect(() => createAssigner({ salt: 's', weights: [0.5, 0.6] })).toThrow(InvalidInputError);
    expect(() => createAssigner({ salt: 's', weights: [0.5, 0.5], coverage: 2 })).toThrow(
      InvalidInputError,
    );
  });
});
