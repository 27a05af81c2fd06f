import { z } from 'zod';
import { parseWith } from '../errors/zodIssues.js';
import { fail } from './fail.js';

/**
 * Sticky assignment of units to variants, bit for bit GrowthBook's published scheme (JS SDK
 * `packages/sdk-js/src/util.ts` at github:growthbook/growthbook@8f1db445: `hash`,
 * `getBucketRanges`, `chooseVariation`, `inNamespace`), so that a client running GrowthBook's
 * algorithm (or this one) reproduces every assignment:
 *
 * - FNV-1a 32-bit over the UTF-16 code units of the string (JavaScript's `charCodeAt`; an
 *   astral character counts as its two surrogates), offset basis 0x811c9dc5, prime 0x01000193;
 * - hash v2: `(fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000`;
 *   hash v1 (GrowthBook's original, biased): `(fnv1a32(value + seed) % 1000) / 1000`;
 * - weights → ranges: cumulative start sᵢ = Σ_{j<i} wⱼ, range [sᵢ, sᵢ + coverage·wᵢ);
 * - the variant is the first range with start ≤ bucket < end, else −1 (outside the coverage:
 *   the holdout).
 *
 * Where GrowthBook silently repairs a bad configuration (coverage clamped to [0, 1], weights not
 * summing to 1 ± 0.01 replaced by equal weights), Assay refuses it instead: weights must sum to
 * 1 ± 1e-6 and coverage lie in [0, 1].
 */

/** FNV-1a, 32 bits, over UTF-16 code units: GrowthBook's `hashFnv32a` (its shift-add sum is a multiply by the FNV prime mod 2³²). */
export function fnv1a32(text: string): number {
  return fnvContinue(0x811c9dc5, text) >>> 0;
}

/** FNV-1a is a stream: the state after `seed` can be kept and continued with the unit id. */
function fnvContinue(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h;
}

/** fnv1a32(String(x)) for a uint32 x, from its decimal digits without building the string. */
function fnvOfDecimal(x: number): number {
  let divisor = 1;
  while (divisor * 10 <= x) divisor *= 10;
  let h = 0x811c9dc5;
  for (; divisor >= 1; divisor /= 10) {
    const digit = Math.floor(x / divisor) % 10;
    h = Math.imul(h ^ (48 + digit), 0x01000193);
  }
  return h >>> 0;
}

/**
 * v2 from the FNV state after the seed: fnv1a32(seed + value) is the seed's state continued with
 * the value, and the outer hash reads the decimal digits directly (no string is built).
 */
function hashV2(seedState: number, value: string): number {
  return (fnvOfDecimal(fnvContinue(seedState, value) >>> 0) % 10000) / 10000;
}

/** Hash algorithm versions GrowthBook publishes. */
export const HASH_VERSIONS = [1, 2] as const;
export type HashVersion = (typeof HASH_VERSIONS)[number];

/**
 * GrowthBook's `hash(seed, value, version)`: a bucket in [0, 1) — v2 on a grid of 1/10000, v1 on a
 * grid of 1/1000 — or `null` for an unknown version (as GrowthBook returns).
 */
export function hashUnit(seed: string, value: string, version: HashVersion): number | null {
  if (version === 2) return hashV2(fnvContinue(0x811c9dc5, seed), value);
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}

/** Tolerance on Σ weights = 1. */
export const WEIGHT_SUM_TOLERANCE = 1e-6;

function checkWeights(weights: readonly number[], coverage: number, path: string[] = []): void {
  if (!Array.isArray(weights) || weights.length === 0)
    fail('weights must be a non-empty array of numbers', [...path, 'weights']);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    if (!(typeof w === 'number' && Number.isFinite(w) && w >= 0))
      fail(`weights[${i}] is ${w}; each weight must be a finite number ≥ 0`, [
        ...path,
        'weights',
        i,
      ]);
    total += w;
  }
  if (Math.abs(total - 1) > WEIGHT_SUM_TOLERANCE)
    fail(`weights sum to ${total}; they must sum to 1 (± ${WEIGHT_SUM_TOLERANCE})`, [
      ...path,
      'weights',
    ]);
  if (!(typeof coverage === 'number' && coverage >= 0 && coverage <= 1))
    fail(`coverage is ${coverage}; it must lie in [0, 1]`, [...path, 'coverage']);
}

/**
 * GrowthBook's `getBucketRanges(weights.length, coverage, weights)` for a valid configuration:
 * variant i owns [Σ_{j<i} wⱼ, Σ_{j<i} wⱼ + coverage·wᵢ). With coverage < 1 each range keeps its
 * start, so raising coverage (a ramp-up) never moves a unit already inside to another variant.
 *
 * @throws InvalidInputError when a weight is negative or not finite, the weights do not sum to
 * 1 ± 1e-6, or coverage is outside [0, 1] (GrowthBook would repair these silently).
 */
export function bucketRanges(weights: readonly number[], coverage = 1): Array<[number, number]> {
  checkWeights(weights, coverage);
  let cumulative = 0;
  return weights.map((w) => {
    const start = cumulative;
    cumulative += w;
    return [start, start + coverage * w];
  });
}

/** GrowthBook's `chooseVariation`: the first range with start ≤ n < end, else −1. */
export function chooseVariant(n: number, ranges: ReadonlyArray<readonly [number, number]>): number {
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i] as readonly [number, number];
    if (n >= r[0] && n < r[1]) return i;
  }
  return -1;
}

/**
 * GrowthBook's `inNamespace(unitId, [id, start, end])`: the v1 hash of the unit with seed
 * `__<id>` falls in [start, end) (mutually exclusive experiments share a namespace).
 */
export function inNamespace(unitId: string, namespace: readonly [string, number, number]): boolean {
  const n = hashUnit(`__${namespace[0]}`, unitId, 1) as number;
  return n >= namespace[1] && n < namespace[2];
}

export const ZAssignVariantInputSchema = z.strictObject({
  salt: z
    .string()
    .meta({ description: "The experiment's seed (GrowthBook's `seed`, else its key)." }),
  unitId: z.string().min(1).meta({ description: 'The unit (user, session…) to assign.' }),
  weights: z
    .array(z.number().nonnegative())
    .min(1)
    .meta({ description: 'Traffic share of each variant (index 0 = control); sums to 1.' }),
  coverage: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .meta({ description: 'Share of units in the experiment; the rest are held out. @default 1' }),
  hashVersion: z
    .union([z.literal(1), z.literal(2)])
    .optional()
    .meta({ description: "GrowthBook's hash version. @default 2" }),
});
export type TAssignVariantInput = z.input<typeof ZAssignVariantInputSchema>;

export const ZAssignmentSchema = z.object({
  variant: z
    .number()
    .int()
    .min(-1)
    .meta({ description: 'Variant index; −1 = outside coverage (holdout).' }),
  bucket: z.number().min(0).max(1).meta({ description: "The unit's hash in [0, 1)." }),
});
export type TAssignment = z.infer<typeof ZAssignmentSchema>;

/**
 * Assigns a unit: bucket = hashUnit(salt, unitId, hashVersion = 2), variant = the range of
 * {@link bucketRanges}(weights, coverage) that holds it (−1 outside the coverage). Deterministic:
 * the same salt and unit always land in the same bucket.
 *
 * For many units with one configuration use {@link createAssigner} (checks the configuration once).
 *
 * @throws InvalidInputError for an empty unit id or an invalid configuration.
 */
export function assignVariant(input: TAssignVariantInput): TAssignment {
  if (typeof input !== 'object' || input === null) fail('input must be an object', []);
  const { salt, unitId, weights, coverage = 1, hashVersion = 2 } = input;
  if (typeof salt !== 'string') fail('salt must be a string', ['salt']);
  if (typeof unitId !== 'string' || unitId.length === 0)
    fail('unitId must be a non-empty string', ['unitId']);
  if (hashVersion !== 1 && hashVersion !== 2)
    fail(`hashVersion is ${hashVersion}; expected 1 or 2`, ['hashVersion']);
  checkWeights(weights, coverage);
  const bucket = hashUnit(salt, unitId, hashVersion) as number;
  // chooseVariant over bucketRanges(weights, coverage), without allocating the ranges: the same
  // cumulative sums, so the same boundaries bit for bit.
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    const start = cumulative;
    cumulative += w;
    if (bucket >= start && bucket < start + coverage * w) return { variant: i, bucket };
  }
  return { variant: -1, bucket };
}

export const ZAssignerConfigSchema = ZAssignVariantInputSchema.omit({ unitId: true });
export type TAssignerConfig = z.input<typeof ZAssignerConfigSchema>;

/**
 * Validates one experiment's configuration once and returns its assignment function: the hot
 * path of an assignment route (no allocation but the result object).
 */
export function createAssigner(config: TAssignerConfig): (unitId: string) => TAssignment {
  const { salt, weights, coverage = 1, hashVersion = 2 } = parseWith(ZAssignerConfigSchema, config);
  const ranges = bucketRanges(weights, coverage);
  const starts = Float64Array.from(ranges, (r) => r[0]);
  const ends = Float64Array.from(ranges, (r) => r[1]);
  const k = ranges.length;
  // v2 hashes seed + value: the FNV state after the seed is computed once.
  const seedState = fnvContinue(0x811c9dc5, salt);
  return (unitId: string): TAssignment => {
    if (typeof unitId !== 'string' || unitId.length === 0)
      fail('unitId must be a non-empty string', ['unitId']);
    const bucket =
      hashVersion === 2 ? hashV2(seedState, unitId) : (hashUnit(salt, unitId, 1) as number);
    let variant = -1;
    for (let i = 0; i < k; i++) {
      if (bucket >= (starts[i] as number) && bucket < (ends[i] as number)) {
        variant = i;
        break;
      }
    }
    return { variant, bucket };
  };
}
