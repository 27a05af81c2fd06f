/**
 * Hashing encoding end to end: an AutoML run on a table with a 200-category column hashes it
 * (FeatureHasher-style, 32 columns), reports it in the high-cardinality guardrail, and the exported
 * artifact loads through loadModelArtifact and predicts raw rows — unseen and non-ASCII categories
 * and gaps included — as the pipeline's parts by hand; raw SHAP values give the hashed columns
 * back to their raw column. Also: the artifact schema of hashed plans, and that a spec without
 * them (the artifacts written before hashing) loads and predicts as before.
 */
import { describe, expect, it } from 'vitest';
import { createDataTable } from '../../data/createDataTable.js';
import { RandomState } from '../../linalg/randomState.js';
import { featureRowsToMatrix } from '../../models/featureRows.js';
import { loadModelArtifact } from '../../models/loadModelArtifact.js';
import { murmurhash3String } from '../featurize/murmurhash3.js';
import { encodeTable, transformRaw } from '../featurize/transform.js';
import type { CategoricalPlan, HashedPlan } from '../featurize/types.js';
import { reviveLearner } from '../learners/index.js';
import { type AutoMlModel, createAutoMlModel } from '../pipeline/artifact.js';
import { rawShapValues } from '../pipeline/rawShapValues.js';
import { runAutoMl } from '../runAutoMl.js';

/** 400 rows: x, and a store among 200 (some non-ASCII, some gaps); the class leans on both. */
function storeTable(rows = 400, seed = 11) {
  const rng = new RandomState(seed);
  const stores = Array.from({ length: 200 }, (_, k) =>
    k % 25 === 0 ? `магазин ${k} 🏪` : `store_${k}`,
  );
  const x = new Float64Array(rows);
  const store: string[] = [];
  const label: string[] = [];
  for (let i = 0; i < rows; i++) {
    // Every store at least once, then at random.
    const k = i < 200 ? i : rng.randint(0, 200);
    x[i] = rng.random() * 4 - 2;
    store.push(rng.random() < 0.04 ? '' : (stores[k] as string));
    label.push((x[i] as number) + (k < 100 ? 1 : -1) + (rng.random() - 0.5) > 0 ? 'yes' : 'no');
  }
  return createDataTable([
    { name: 'x', kind: 'numeric', values: x },
    { name: 'store', kind: 'label', values: store },
    { name: 'label', kind: 'label', values: label },
  ]);
}

describe('AutoML with a hashed high-cardinality column', () => {
  const table = storeTable();

  it('hashes the column, reports it, and the artifact predicts raw rows, unseen categories included', async () => {
    const result = await runAutoMl(table, {
      target: 'label',
      families: ['hist_gbm'],
      maxTrials: 2,
      seed: 1,
    });
    const spec = result.artifact.featurizer;
    const store = spec.columns.find((p) => p.name === 'store') as HashedPlan;
    expect(store).toMatchObject({ type: 'hashed', nFeatures: 32, nCategories: 200 });
    expect(spec.outputs).toContain('store#31');
    expect(spec.outputs.filter((_, k) => spec.sources[k] === 1)).toEqual([
      ...Array.from({ length: 32 }, (_, k) => `store#${k}`),
      'store__missing',
    ]);
    const guard = result.guardrails.find((g) => g.name === 'high_cardinality');
    expect(guard).toMatchObject({
      status: 'done',
      details: { store: { categories: 200, encoding: 'hashing', columns: 32 } },
    });
    expect(guard?.message).toBe(
      "1 column has more than 20 categories: 'store' (200 categories) hashed into 32 columns (unseen categories hash too)",
    );

    const bytes = new TextEncoder().encode(JSON.stringify(result.artifact));
    const model = (await loadModelArtifact('automl', bytes)) as AutoMlModel;
    expect(model.kind).toBe('automl:hist_gbm');
    expect(model.inputSchema.features.map((f) => f.name)).toEqual(['x', 'store']);
    const rows = [
      { x: 0.5, store: 'store_7' },
      { x: -1, store: 'store_999' }, // unseen
      { x: 1.5, store: '新店 🚀' }, // unseen, non-ASCII
      { x: 0, store: 'магазин 25 🏪' },
      { x: -0.5, store: null },
      { x: 1, store: '' },
    ];
    const x = featureRowsToMatrix(rows, ['x', 'store'], { rawValue: model.rawValue?.bind(model) });
    expect(x.data[3]).toBe(murmurhash3String('store_999'));
    expect(x.data[5]).toBe(murmurhash3String('新店 🚀'));
    expect(x.data[9]).toBeNaN();
    const p = await model.predict(x);
    expect(p).toHaveLength(rows.length);
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);

    // The same rows through the artifact's parts by hand.
    const raw = encodeTable(
      spec,
      createDataTable([
        { name: 'x', kind: 'numeric', values: Float64Array.from(rows, (r) => r.x) },
        { name: 'store', kind: 'label', values: rows.map((r) => r.store ?? '') },
      ]),
    );
    expect(Array.from(raw)).toEqual(Array.from(x.data));
    const learner = reviveLearner(result.artifact.learner);
    const expected = learner.predict(transformRaw(spec, raw, rows.length), rows.length);
    expect(Array.from(p)).toEqual(Array.from(rows, (_, i) => expected[i * 2 + 1]));

    // Tree SHAP on raw columns: the 33 engineered store columns add up to the store's value.
    const width = spec.outputs.length;
    const engineered = transformRaw(spec, x.data, x.rows);
    const shap = learner.shapValues?.(engineered, x.rows);
    const rawShap = rawShapValues(model, x);
    expect(rawShap.columns).toEqual(['x', 'store']);
    expect(shap?.values.length).toBe(x.rows * width * rawShap.outputs);
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < 2; j++) {
        let sum = 0;
        for (let k = 0; k < width; k++) {
          if (spec.sources[k] !== j) continue;
          for (let o = 0; o < rawShap.outputs; o++) {
            sum += shap?.values[(i * width + k) * rawShap.outputs + o] as number;
          }
        }
        let got = 0;
        for (let o = 0; o < rawShap.outputs; o++) {
          got += rawShap.values[(i * 2 + j) * rawShap.outputs + o] as number;
        }
        expect(got).toBeCloseTo(sum, 12);
      }
    }
  }, 60_000);

  it("with highCardinality: 'infrequent' the spec has no hashed plan and predicts as before", async () => {
    const result = await runAutoMl(
      table,
      { target: 'label', families: ['linear'], maxTrials: 1, seed: 1 },
      { featurizer: { highCardinality: 'infrequent' } },
    );
    const spec = result.artifact.featurizer;
    expect(spec.columns.map((p) => p.type)).toEqual(['numeric', 'categorical']);
    expect(spec.outputs).toContain('store=__infrequent');
    expect(result.guardrails.find((g) => g.name === 'high_cardinality')?.details).toEqual({
      store: { categories: 200, encoding: 'infrequent', columns: 20 },
    });
    const model = createAutoMlModel(JSON.parse(JSON.stringify(result.artifact)));
    const x = featureRowsToMatrix(
      [
        { x: 1, store: 'store_3' },
        { x: 1, store: 'store_999' },
      ],
      ['x', 'store'],
      { rawValue: model.rawValue?.bind(model) },
    );
    expect(Array.from(x.data)).toEqual([
      1,
      (spec.columns[1] as CategoricalPlan).categories.indexOf('store_3'),
      1,
      -1,
    ]);
    const learner = reviveLearner(result.artifact.learner);
    const expected = learner.predict(transformRaw(spec, x.data, 2), 2);
    expect(Array.from(await model.predict(x))).toEqual([expected[1], expected[3]]);
  }, 60_000);
});

describe('createAutoMlModel and hashed plans', () => {
  const doc = (plan: Partial<HashedPlan>, outputs = 33) => ({
    format: 'assay-automl',
    version: 1,
    target: 'y',
    task: 'regression',
    classes: [],
    featurizer: {
      version: 1,
      columns: [
        {
          name: 'c',
          type: 'hashed',
          inferred: 'categorical',
          nFeatures: 32,
          nCategories: 50,
          mostFrequentHash: murmurhash3String('a'),
          indicator: true,
          ...plan,
        },
      ],
      dropped: [],
      outputs: Array.from({ length: outputs }, (_, k) => `o${k}`),
      sources: new Array(outputs).fill(0),
    },
    learner: {
      family: 'linear',
      version: 1,
      task: 'regression',
      nClasses: 0,
      cols: outputs,
      hyperparameters: {},
      state: {},
    },
  });

  it('refuses a malformed hashed plan, naming the field', () => {
    expect(() => createAutoMlModel(doc({ nFeatures: 0 }))).toThrow(
      /featurizer\.columns\.0\.nFeatures/,
    );
    expect(() => createAutoMlModel(doc({ mostFrequentHash: 2 ** 31 }))).toThrow(
      /featurizer\.columns\.0\.mostFrequentHash/,
    );
  });

  it('refuses outputs that do not match the hashed columns', () => {
    expect(() => createAutoMlModel(doc({}, 32))).toThrow(
      "the featurizer's columns make 33 features but it lists 32 outputs",
    );
  });
});
