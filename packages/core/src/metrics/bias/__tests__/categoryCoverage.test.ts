import { describe, expect, it } from 'vitest';
import { computeMetric } from '../../computeMetric.js';
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

describe("computeMetric('categoryCoverage', …)", () => {
  it('numeric categories match the definition computed with collections.Counter', () => {
    const r = computeMetric('categoryCoverage', {
      reference: [3, 1, 1, 2, 3, 3, 1, 3],
      production: [1, 4, 3, 3, 4, 2, 3, 5, 1, 3],
    });
    // /usr/bin/python3 -c "import collections as C; r=[3,1,1,2,3,3,1,3]; p=[1,4,3,3,4,2,3,5,1,3];
    //   R=C.Counter(r); P=C.Counter(p); k=sorted(set(r)|set(p));
    //   print([(x,R[x],P[x],R[x]/len(r),P[x]/len(p)) for x in k],
    //   sum(P[x] for x in P if R[x])/len(p), [x for x in k if not R[x]],
    //   max(R.values())/min(R.values()))"
    expect(r.categories).toEqual([
      {
        category: 1,
        referenceCount: 3,
        productionCount: 2,
        referenceShare: 0.375,
        productionShare: 0.2,
      },
      {
        category: 2,
        referenceCount: 1,
        productionCount: 1,
        referenceShare: 0.125,
        productionShare: 0.1,
      },
      {
        category: 3,
        referenceCount: 4,
        productionCount: 4,
        referenceShare: 0.5,
        productionShare: 0.4,
      },
      {
        category: 4,
        referenceCount: 0,
        productionCount: 2,
        referenceShare: 0,
        productionShare: 0.2,
      },
      {
        category: 5,
        referenceCount: 0,
        productionCount: 1,
        referenceShare: 0,
        productionShare: 0.1,
      },
    ]);
    expect(r.coverage).toBe(0.7);
    expect(r.unseenCategories).toEqual([4, 5]);
    expect(r.imbalanceRatio).toBe(4);
  });

  it('numbers in one sample and strings in the other are refused', () => {
    expect(() =>
      computeMetric('categoryCoverage', { reference: [1, 2], production: ['1', '2'] }),
    ).toThrow(/labels must be all numbers or all strings/);
  });

  it('an empty production sample is refused', () => {
    expect(() => computeMetric('categoryCoverage', { reference: [1], production: [] })).toThrow(
      'production is empty; at least one sample is required',
    );
  });
});
