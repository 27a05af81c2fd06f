/**
 * runAutoMl end to end on generated tables (mixed types, gaps): the same seed and trial budget
 * give the same leaderboard; the time budget is kept; the exported artifact loads through
 * loadModelArtifact and predicts raw rows (text, gaps, unseen categories) as the refit pipeline.
 */
import { describe, expect, it } from 'vitest';
import { createDataTable } from '../../data/createDataTable.js';
import { evaluateModel } from '../../evaluate/evaluateModel.js';
import { RandomState } from '../../linalg/randomState.js';
import { featureRowsToMatrix } from '../../models/featureRows.js';
import { loadModelArtifact } from '../../models/loadModelArtifact.js';
import { encodeTable, transformRaw } from '../featurize/transform.js';
import { reviveLearner } from '../learners/index.js';
import type { Learner } from '../learners/types.js';
import { runAutoMl } from '../runAutoMl.js';
import type { LeaderboardTrial } from '../search/leaderboard.js';

/** 300 rows: two numbers (one with gaps), a colour, an id; the class depends on x1, x2 and colour. */
function mixedTable(rows = 300, seed = 7) {
  const rng = new RandomState(seed);
  const colours = ['red', 'green', 'blue'];
  const x1 = new Float64Array(rows);
  const x2 = new Float64Array(rows);
  const colour: string[] = [];
  const label: string[] = [];
  const amount = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    x1[i] = rng.random() * 4 - 2;
    x2[i] = rng.random() * 4 - 2;
    const c = colours[rng.randint(0, 3)] as string;
    colour.push(rng.random() < 0.05 ? '' : c);
    const z =
      1.5 * (x1[i] as number) - (x2[i] as number) + (c === 'red' ? 1 : 0) + (rng.random() - 0.5);
    label.push(z > 0 ? 'yes' : 'no');
    amount[i] = 3 * (x1[i] as number) + (c === 'blue' ? 2 : 0) + rng.random();
    if (rng.random() < 0.1) x2[i] = Number.NaN;
  }
  return createDataTable([
    {
      name: 'row_id',
      kind: 'numeric',
      values: Float64Array.from({ length: rows }, (_, i) => i + 1),
    },
    { name: 'x1', kind: 'numeric', values: x1 },
    { name: 'x2', kind: 'numeric', values: x2 },
    { name: 'colour', kind: 'label', values: colour },
    { name: 'label', kind: 'label', values: label },
    { name: 'amount', kind: 'numeric', values: amount },
  ]);
}

const strip = <T extends { durationMs: number }>(trials: readonly T[]) =>
  trials.map(({ durationMs: _d, ...rest }) => rest);

describe('runAutoMl', () => {
  const table = mixedTable();

  it('the same seed and trial budget give the same leaderboard; another seed another', async () => {
    const settings = {
      target: 'label',
      excludedColumns: ['amount'],
      seed: 3,
      maxTrials: 6,
      timeBudgetSeconds: 600,
    };
    const a = await runAutoMl(table, settings);
    const b = await runAutoMl(table, settings);
    expect(a.leaderboard).toHaveLength(6);
    expect(a.stoppedBy).toBe('trials');
    expect(strip(b.leaderboard)).toEqual(strip(a.leaderboard));
    expect(b.artifact).toEqual(a.artifact);
    const c = await runAutoMl(table, { ...settings, seed: 4 });
    expect(strip(c.leaderboard)).not.toEqual(strip(a.leaderboard));
    // Three runs of six trials on 10 folds, MLPs and boosting included: seconds on a busy machine.
  }, 60_000);

  it('detects the task, reports guardrails and a 10-fold stratified CV, and interval around the mean', async () => {
    const result = await runAutoMl(table, {
      target: 'label',
      excludedColumns: ['amount'],
      maxTrials: 3,
    });
    expect(result.task).toBe('binary');
    expect(result.classes).toEqual(['no', 'yes']);
    expect(result.metric).toBe('accuracy');
    expect(result.validation).toEqual({ kind: 'cv', folds: 10, stratified: true });
    const byName = Object.fromEntries(result.guardrails.map((g) => [g.name, g]));
    expect(byName.missing_values?.status).toBe('done');
    expect(byName.missing_values?.details).toMatchObject({
      missingByColumn: { x2: expect.any(Number), colour: expect.any(Number) },
    });
    expect(byName.dropped_columns?.message).toContain("'row_id' (identifier-like");
    expect(byName.target_leakage?.status).toBe('passed');
    const first = result.leaderboard[0] as LeaderboardTrial;
    const [low, high] = first.interval as [number, number];
    const mean = first.mean as number;
    expect(first.hyperparameters).toEqual({ C: 1 }); // the low-cost start
    expect(first.foldScores).toHaveLength(10);
    expect(low).toBeLessThan(mean);
    expect(high).toBeGreaterThan(mean);
    expect(mean).toBeGreaterThan(0.8);
  });

  it('alerts on a leaking column and on too little data', async () => {
    const leaky = createDataTable([
      {
        name: 'x',
        kind: 'numeric',
        values: Float64Array.from({ length: 30 }, (_, i) => (i * 7) % 11),
      },
      {
        name: 'copy',
        kind: 'label',
        values: Array.from({ length: 30 }, (_, i) => (i % 2 ? 'a' : 'b')),
      },
      {
        name: 'y',
        kind: 'label',
        values: Array.from({ length: 30 }, (_, i) => (i % 2 ? 'p' : 'q')),
      },
    ]);
    const result = await runAutoMl(leaky, { target: 'y', maxTrials: 1 });
    const byName = Object.fromEntries(result.guardrails.map((g) => [g.name, g]));
    expect(byName.target_leakage?.status).toBe('alerted');
    expect(byName.target_leakage?.message).toContain("'copy'");
    expect(byName.too_little_data?.status).toBe('alerted');
  });

  it('exports a pipeline that loadModelArtifact loads and that predicts raw rows as the refit', async () => {
    const result = await runAutoMl(table, {
      target: 'label',
      excludedColumns: ['amount'],
      maxTrials: 4,
    });
    const bytes = new TextEncoder().encode(JSON.stringify(result.artifact));
    const model = await loadModelArtifact('automl', bytes);
    expect(model.kind).toBe('automl:linear');
    expect(model.inputSchema.features.map((f) => f.name)).toEqual(['x1', 'x2', 'colour']);
    expect(model.output).toEqual({ kind: 'probability', classes: ['no', 'yes'] });
    const rows = [
      { colour: 'red', x1: 0.5, x2: null },
      { x1: -1, x2: 1.25, colour: 'purple' },
      { x1: 2, x2: -2, colour: '' },
    ];
    const x = featureRowsToMatrix(rows, ['x1', 'x2', 'colour'], {
      rawValue: model.rawValue?.bind(model),
    });
    const p = await model.predict(x);
    // The same rows through the artifact's parts by hand: featurizer, then the learner.
    const spec = result.artifact.featurizer;
    const raw = encodeTable(
      spec,
      createDataTable([
        { name: 'x1', kind: 'numeric', values: Float64Array.of(0.5, -1, 2) },
        { name: 'x2', kind: 'numeric', values: Float64Array.of(Number.NaN, 1.25, -2) },
        { name: 'colour', kind: 'label', values: ['red', 'purple', ''] },
      ]),
    );
    const learner = reviveLearner(result.artifact.learner);
    const expected = learner.predict(transformRaw(spec, raw, 3), 3);
    expect(Array.from(p)).toEqual([expected[1], expected[3], expected[5]]);
    expect(() =>
      featureRowsToMatrix([{ x1: 'abc', x2: 1, colour: 'red' }], ['x1', 'x2', 'colour'], {
        rawValue: model.rawValue?.bind(model),
      }),
    ).toThrow('feature \'x1\' has "abc"; expected a number or null');
    // A batch test on the raw table (text column, gaps) runs as on numeric models.
    const report = await evaluateModel({
      model,
      table,
      target: 'label',
      metrics: [{ name: 'accuracy' }],
    });
    expect(report.metrics[0]?.value).toBeGreaterThan(0.8);
  });

  it('regresses a numeric target with r2 by default', async () => {
    const result = await runAutoMl(table, {
      target: 'amount',
      excludedColumns: ['label'],
      maxTrials: 3,
    });
    expect(result.task).toBe('regression');
    expect(result.metric).toBe('r2');
    expect(result.leaderboard[result.bestTrial]?.mean).toBeGreaterThan(0.9);
    const model = await loadModelArtifact(
      'automl',
      new TextEncoder().encode(JSON.stringify(result.artifact)),
    );
    expect(model.output).toEqual({ kind: 'regression', nOutputs: 1 });
  });

  it('keeps the time budget (within 5 %) with a slow learner', async () => {
    const slow: Learner = {
      family: 'mlp',
      space: { width: { kind: 'int', low: 1, high: 64, init: 1 } },
      supports: () => true,
      async fit(train, hp, options) {
        await new Promise((r) => setTimeout(r, 40));
        const { linearLearner } = await import('../learners/linear.js');
        return linearLearner.fit(train, { C: 1 }, options).then((f) => ({
          ...f,
          family: 'mlp',
          hyperparameters: hp,
          predict: f.predict.bind(f),
          toJSON: f.toJSON.bind(f),
        }));
      },
    };
    const started = Date.now();
    const result = await runAutoMl(
      table,
      { target: 'label', timeBudgetSeconds: 2 },
      { learners: { mlp: slow } },
    );
    const elapsed = Date.now() - started;
    expect(result.stoppedBy).toBe('time');
    expect(result.leaderboard.length).toBeGreaterThan(1);
    expect(elapsed).toBeLessThanOrEqual(2100);
  });

  it('drops a learner whose next trial would overrun, and goes on with the faster ones', async () => {
    // A fake clock that the learners advance: 'mlp' costs 300 ms a fit (3 s a trial on 10 folds),
    // 'linear' 10 ms. A global rule (stop when the slowest trial would not fit) would end the run
    // about 3 s early; the
    // per-learner estimate keeps the fast learner running until its own trials no longer fit.
    let clock = 0;
    const { linearLearner } = await import('../learners/linear.js');
    const timed = (family: 'mlp' | 'linear', ms: number): Learner => ({
      family,
      space: { C: { kind: 'float', low: 0.01, high: 100, log: true, init: 1 } },
      supports: () => true,
      async fit(train, hp, options) {
        clock += ms;
        const fitted = await linearLearner.fit(train, { C: hp.C as number }, options);
        return {
          ...fitted,
          family,
          predict: fitted.predict.bind(fitted),
          toJSON: fitted.toJSON.bind(fitted),
        };
      },
    });
    const result = await runAutoMl(
      table,
      { target: 'label', timeBudgetSeconds: 20 },
      { learners: { mlp: timed('mlp', 300), linear: timed('linear', 10) }, now: () => clock },
    );
    const trials = result.leaderboard;
    const lastSlow = trials.findLastIndex((t) => t.family === 'mlp');
    expect(lastSlow).toBeGreaterThanOrEqual(0);
    expect(trials.slice(lastSlow + 1).length).toBeGreaterThan(10);
    expect(trials.slice(lastSlow + 1).every((t) => t.family === 'linear')).toBe(true);
    expect(result.stoppedBy).toBe('time');
    // The run used the budget (fake time), and kept within it.
    expect(result.elapsedMs).toBeGreaterThan(18_000);
    expect(result.elapsedMs).toBeLessThanOrEqual(20_000);
  });

  it('refuses bad settings with a message saying what to fix', async () => {
    await expect(runAutoMl(table, { target: 'nope' })).rejects.toThrow(
      "target 'nope' is not a column",
    );
    await expect(runAutoMl(table, { target: 'label', primaryMetric: 'r2' })).rejects.toThrow(
      "primaryMetric 'r2' does not apply to a binary task",
    );
    await expect(
      runAutoMl(table, { target: 'label', families: ['hist_gbm'] }, { learners: {} }),
    ).rejects.toThrow(/none of the families \["hist_gbm"\] is available/);
    await expect(runAutoMl(table, { target: 'label', excludedColumns: ['zzz'] })).rejects.toThrow(
      "excludedColumns[0] is 'zzz', which is not a column",
    );
    await expect(runAutoMl(table, { target: 'label', timeBudgetSeconds: 0 })).rejects.toThrow(
      /timeBudgetSeconds/,
    );
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled by the user'));
    await expect(
      runAutoMl(table, { target: 'label' }, { signal: controller.signal }),
    ).rejects.toThrow('cancelled by the user');
  });
});
