import { describe, expect, it } from 'vitest';
import { categoryCoverage } from '../categoryCoverage.js';

describe('categoryCoverage(reference, production)', () => {
  it('counts shares, unseen categories, coverage and imbalance', () => {
    const result = categoryCoverage(['a', 'a', 'a', 'b'], ['a', 'c', 'b', 'c']);
    expect(result.unseenCategories).toEqual(['c']);
    expect(result.coverage).toBe(0.5);
    expect(result.imbalanceRatio).toBe(3);
    expect(result.categories.map((c) => [c.category, c.referenceCount, c.productionCount])).toEqual(
      [
        ['a', 3, 1],
        ['b', 1, 1],
        ['c', 0, 2],
      ],
    );
  });
});
