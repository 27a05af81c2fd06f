/**
 * The NumPy PCG64 port against NumPy 1.24.2's own draws (`scripts/reference/numpy_pcg64.py`):
 * raw outputs, bounded integers, `choice` and boolean draws, one after another from one generator.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NumpyPcg64 } from '../pcg64.js';

interface Step {
  kind: 'integers' | 'choice' | 'bools';
  arg: number[];
  values: number[];
}
const { cases } = JSON.parse(
  readFileSync(new URL('./reference/numpy_pcg64.json', import.meta.url), 'utf8'),
) as { cases: { seed: string; raw: string[]; steps: Step[] }[] };

describe('NumpyPcg64 draws what np.random.default_rng(seed) draws', () => {
  it.each(cases.map((c) => [c.seed, c] as const))('seed %s', (_, c) => {
    const seed = BigInt(c.seed);
    const raw = new NumpyPcg64(seed);
    expect(c.raw.map(() => raw.next64().toString())).toEqual(c.raw);
    const rng = new NumpyPcg64(seed);
    for (const step of c.steps) {
      let values: number[];
      if (step.kind === 'integers') {
        values = Array.from(rng.integers(step.arg[0] as number, step.arg[1] as number));
      } else if (step.kind === 'choice') {
        const [n, r, cols] = step.arg as [number, number, number];
        values = Array.from(rng.integers(n, r * cols));
      } else {
        const [r, cols] = step.arg as [number, number];
        // one `integers(2, size=(r, c), dtype=bool)` call: one bit buffer for all r·c draws
        values = Array.from(rng.bools(r * cols));
      }
      expect({ step: step.kind, arg: step.arg, values }).toEqual({
        step: step.kind,
        arg: step.arg,
        values: step.values,
      });
    }
  });
});
