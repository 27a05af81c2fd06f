/** runGuardrails on small hand-made tables whose verdicts can be counted by hand. */
import { describe, expect, it } from 'vitest';
import { createDataTable } from '../../data/createDataTable.js';
import { fitFeaturizer } from '../featurize/fitFeaturizer.js';
import { runGuardrails } from '../guardrails/guardrails.js';
import { prepareTarget } from '../prepareTarget.js';
import { chooseValidation, makeSplits } from '../validation/folds.js';

describe('runGuardrails', () => {
  // 120 rows: 100 'no', 20 'yes' (ratio 0.2 → not imbalanced at the threshold; 19 would be);
  // a 30-category column; a numeric column with 6 gaps.
  const rows = 120;
  const table = createDataTable([
    { name: 'city', kind: 'label', values: Array.from({ length: rows }, (_, i) => `c${i % 30}`) },
    {
      name: 'x',
      kind: 'numeric',
      values: Float64Array.from({ length: rows }, (_, i) =>
        i % 20 === 0 ? Number.NaN : (i * 37) % 101,
      ),
    },
    {
      name: 'y',
      kind: 'label',
      values: Array.from({ length: rows }, (_, i) => (i % 6 === 0 ? 'yes' : 'no')),
    },
  ]);
  const target = prepareTarget(table, 'y');
  const spec = fitFeaturizer(table, ['city', 'x']);
  const validation = chooseValidation(rows, target.task, 20);
  const byName = Object.fromEntries(
    runGuardrails(table, spec, target, validation).map((g) => [g.name, g]),
  );

  it('counts missing values, grouped categories and the class ratio', () => {
    expect(byName.missing_values).toMatchObject({
      status: 'done',
      details: { missingByColumn: { x: 6 } },
    });
    expect(byName.high_cardinality).toMatchObject({
      status: 'done',
      message:
        "1 column has more than 20 categories: 'city' (30 categories) hashed into 32 columns (unseen categories hash too)",
      details: { city: { categories: 30, encoding: 'hashing', columns: 32 } },
    });
    expect(byName.class_imbalance).toMatchObject({
      status: 'passed',
      details: { classCounts: { no: 100, yes: 20 }, ratio: 0.2 },
    });
    expect(byName.too_little_data?.status).toBe('passed');
    expect(byName.validation?.message).toBe('10-fold stratified cross-validation (120 rows)');
  });

  it("reports the grouping with highCardinality: 'infrequent'", () => {
    const grouped = fitFeaturizer(table, ['city', 'x'], { highCardinality: 'infrequent' });
    const guard = runGuardrails(table, grouped, target, validation).find(
      (g) => g.name === 'high_cardinality',
    );
    expect(guard).toMatchObject({
      status: 'done',
      message:
        "1 column has more than 20 categories: 'city' (30 categories): the 19 most frequent keep a column, the other 11 and unseen ones share one",
      details: { city: { categories: 30, encoding: 'infrequent', columns: 20 } },
    });
    const few = fitFeaturizer(table, ['x']);
    expect(
      runGuardrails(table, few, target, validation).find((g) => g.name === 'high_cardinality'),
    ).toMatchObject({ status: 'passed', details: {} });
  });

  it('alerts on imbalance below a fifth', () => {
    const skewed = prepareTarget(
      createDataTable([
        { name: 'x', kind: 'numeric', values: Float64Array.from({ length: 100 }, (_, i) => i % 7) },
        {
          name: 'y',
          kind: 'label',
          values: Array.from({ length: 100 }, (_, i) => (i < 10 ? 'rare' : 'common')),
        },
      ]),
      'y',
    );
    const t = createDataTable([
      { name: 'x', kind: 'numeric', values: Float64Array.from({ length: 100 }, (_, i) => i % 7) },
    ]);
    const g = runGuardrails(
      t,
      fitFeaturizer(t, ['x']),
      skewed,
      chooseValidation(100, 'binary', 10),
    );
    expect(g.find((r) => r.name === 'class_imbalance')).toMatchObject({
      status: 'alerted',
      details: { ratio: 10 / 90 },
    });
  });

  it('stratified folds hold every class in about its share', () => {
    const splits = makeSplits(validation, target.y, 5);
    expect(splits).toHaveLength(10);
    for (const { train, test } of splits) {
      expect(train.length + test.length).toBe(rows);
      const yes = Array.from(test).filter((i) => target.y[i] === 1).length;
      expect(yes).toBe(2);
    }
    expect(chooseValidation(5000, 'regression', 5000)).toEqual({
      kind: 'cv',
      folds: 3,
      stratified: false,
    });
    expect(chooseValidation(30_000, 'binary', 900)).toEqual({
      kind: 'holdout',
      fraction: 0.1,
      stratified: true,
    });
  });
});
