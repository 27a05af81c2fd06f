import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { ZNanableValueResultSchema } from '../schemas/index.js';

/** One rating: a label (number or string), or `null` where the rater did not rate the unit. */
export type Rating = string | number | null;

/**
 * Krippendorff's alpha for nominal data: agreement of any number of raters, each rating any
 * subset of the units. `data[r][u]` is rater r's value for unit u (`null`: missing).
 *
 * From the coincidence matrix (Krippendorff 2011, section C): units with fewer than two values are
 * unpairable and dropped; each remaining unit u with m_u values adds 1/(m_u − 1) to o_ck for every
 * ordered pair of its values (c, k) from different raters; n_c = Σ_k o_ck, n = Σ_c n_c, and
 * α = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k. NaN when no unit is pairable (0/0).
 *
 * Reference: K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), the definition
 * the `krippendorff` PyPI package implements (`level_of_measurement='nominal'`). That package is not
 * installed here, so the fixtures come from our own Python implementation of the definition in
 * `scripts/reference/human_agreement.py`, which first reproduces the paper's worked example
 * (α = 0.743).
 *
 * @throws InvalidInputError when there are no raters, raters rate different numbers of units, a
 * value is neither a finite number nor a string, or fewer than two distinct values occur (the
 * package's "There has to be more than one value in the domain").
 */
export function krippendorffAlpha(data: readonly (readonly Rating[])[]): number {
  const fail = (path: (string | number)[], message: string): never => {
    throw new InvalidInputError(message, [{ path, message }]);
  };
  if (data.length === 0) fail(['data'], 'data has no raters; expected one row per rater');
  const units = (data[0] as readonly Rating[]).length;
  const index = new Map<string, number>();
  const key = (v: string | number) => (typeof v === 'number' ? `n:${v}` : `s:${v}`);
  data.forEach((row, r) => {
    if (row.length !== units)
      fail(['data', r], `data[${r}] rates ${row.length} units but data[0] rates ${units}`);
    row.forEach((v, u) => {
      if (v === null) return;
      if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string')
        fail(['data', r, u], `data[${r}][${u}] is ${String(v)}; expected a label or null`);
      if (!index.has(key(v))) index.set(key(v), index.size);
    });
  });
  const k = index.size;
  if (k <= 1)
    fail(['data'], `data holds ${k} distinct value(s); agreement needs more than one value`);
  const o = new Float64Array(k * k);
  const present: number[] = [];
  for (let u = 0; u < units; u++) {
    present.length = 0;
    for (const row of data) {
      const v = row[u];
      if (v !== null && v !== undefined) present.push(index.get(key(v)) as number);
    }
    const m = present.length;
    if (m < 2) continue;
    const w = 1 / (m - 1);
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++)
        if (a !== b) {
          const cell = (present[a] as number) * k + (present[b] as number);
          o[cell] = (o[cell] as number) + w;
        }
  }
  const nc = new Float64Array(k);
  for (let c = 0; c < k; c++)
    for (let d = 0; d < k; d++) nc[c] = (nc[c] as number) + (o[c * k + d] as number);
  let n = 0;
  for (const v of nc) n += v;
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++)
    for (let d = 0; d < k; d++)
      if (c !== d) {
        observed += o[c * k + d] as number;
        expected += (nc[c] as number) * (nc[d] as number);
      }
  return 1 - ((n - 1) * observed) / expected;
}

export const krippendorffAlphaMetric = defineMetric({
  name: 'krippendorffAlpha',
  family: 'stats',
  description:
    "Krippendorff's alpha (nominal): agreement of any number of raters with missing ratings, from the coincidence matrix (Krippendorff 2011).",
  input: z.strictObject({
    data: z.array(z.array(z.union([z.string(), z.number(), z.null()]))).meta({
      description: 'data[r][u]: rater r’s label for unit u, null where r did not rate u.',
    }),
  }),
  params: z.strictObject({}),
  result: ZNanableValueResultSchema,
  compute: (input) => ({ value: krippendorffAlpha(input.data) }),
});
