import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../stats/random.js';
import { applyBins, findBinEdges } from '../trees/binning.js';
import { loadNumericDataset } from './support/numericDataset.js';

interface BinningCase {
  dataset: string;
  thresholds: number[][];
  binned: number[];
}
const reference = JSON.parse(
  readFileSync(new URL('./reference/automl_trees.json', import.meta.url), 'utf8'),
) as { binning: BinningCase[] };

describe("findBinEdges / applyBins equal scikit-learn 1.2.1's _BinMapper(n_bins=256) (scripts/reference/automl_trees.py)", () => {
  for (const c of reference.binning) {
    it(`${c.dataset}: the same edges per feature, bit for bit (midpoints or midpoint percentiles), and the same bins`, () => {
      const set = loadNumericDataset(c.dataset);
      const edges = findBinEdges(set.x, set.rows, set.cols, 255, new SeededRandom(0));
      expect(edges.thresholds.length).toBe(c.thresholds.length);
      edges.thresholds.forEach((t, f) => {
        expect(Array.from(t)).toEqual(c.thresholds[f]);
      });
      const binned = applyBins(edges, set.x, set.rows, set.cols);
      const sampled: number[] = [];
      for (let i = 0; i < set.rows; i += 7)
        for (let f = 0; f < set.cols; f++) sampled.push(binned[f * set.rows + i] as number);
      expect(sampled).toEqual(c.binned);
    });
  }
});
