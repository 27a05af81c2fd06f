import { z } from 'zod';
import { InvalidInputError, UnknownMetricError } from '../errors/index.js';
import { zodFailure } from '../errors/zodIssues.js';
import { compareLabels, type Label, uniqueLabels } from '../labels/index.js';
import { computeMetric, getMetric } from '../metrics/computeMetric.js';
import type { MetricDefinition } from '../metrics/types.js';
import { delongRocAucTest } from '../stats/delongRocAucTest.js';
import { mcnemar, mcnemarTable } from '../stats/mcnemar.js';
import { type PairedBootstrapResult, pairedBootstrapDelta } from '../stats/pairedBootstrapDelta.js';
import { pairedBootstrapRocAuc } from '../stats/pairedBootstrapRocAuc.js';
import { pairedTTest } from '../stats/pairedTTest.js';
import { wilcoxonSignedRank } from '../stats/wilcoxonSignedRank.js';
import { canonical } from './canonical.js';
import {
  type ComparedMetric,
  type ComparisonInterval,
  type ComparisonReport,
  type ComparisonTest,
  type TComparePredictionsInput,
  ZComparePredictionsInputSchema,
} from './compareTypes.js';
import { EVALUATION_SIGNATURE_VERSION } from './evaluateModel.js';

/** Metrics where a lower value is better (losses and errors); every other one: higher. */
const LOWER_IS_BETTER = new Set([
  'mse',
  'rmse',
  'mae',
  'mape',
  'medianAbsoluteError',
  'logLoss',
  'brierScore',
]);

/** Per-row error of the regression metrics whose value is a mean of it (paired t / Wilcoxon). */
const ROW_ERRORS: Readonly<Record<string, (e: number) => number>> = {
  mae: (e) => Math.abs(e),
  mse: (e) => e * e,
  rmse: (e) => e * e,
};

/** Below this many discordant pairs McNemar's test is exact (binomial), else χ² corrected. */
const MCNEMAR_EXACT_BELOW = 25;

function fail(message: string, path: (string | number)[]): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/** Prefixes a metric's InvalidInputError with its name and its place in the request. */
function located<T>(name: string, index: number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new InvalidInputError(
      `metric '${name}': ${error.message}`,
      error.issues.map((issue) => ({ ...issue, path: ['metrics', index, ...issue.path] })),
    );
  }
}

type Task = 'binary' | 'multiclass' | 'regression';
type Row = Record<string, unknown>;

interface Planned {
  metric: MetricDefinition;
  params: Record<string, unknown>;
  candidate: Row;
  baseline: Row;
}

function inputFields(metric: MetricDefinition): { required: Set<string>; all: Set<string> } {
  if (!(metric.input instanceof z.ZodObject))
    fail(`metric '${metric.name}' does not take per-row predictions`, ['metrics']);
  const shape = metric.input.shape as Record<string, z.ZodType>;
  const all = new Set(Object.keys(shape));
  const required = new Set(
    [...all].filter((k) => !(shape[k] as z.ZodType).safeParse(undefined).success),
  );
  return { required, all };
}

function paramKeys(metric: MetricDefinition): Set<string> {
  return new Set(metric.params instanceof z.ZodObject ? Object.keys(metric.params.shape) : []);
}

interface Parsed {
  yTrue: Label[];
  candidate: { yPred: Label[]; yScore: number[] | number[][] | undefined };
  baseline: { yPred: Label[]; yScore: number[] | number[][] | undefined };
  task: Task;
  classes: Label[];
  sorted: Label[];
  requests: { name: string; params: Record<string, unknown> }[];
  confidence: { level: number; nResamples: number; seed: number } | null;
  alpha: number;
}

const ZRequestPartSchema = ZComparePredictionsInputSchema.pick({
  metrics: true,
  confidence: true,
  alpha: true,
});

/**
 * Checks the metrics, confidence and alpha of a comparison (what compareModels checks before it
 * predicts anything): the schema, then every metric registered, classification or regression, not
 * both kinds. Returns the requests and whether they are regression metrics.
 */
export function checkComparisonRequest(request: z.input<typeof ZRequestPartSchema>): {
  requests: { name: string; params: Record<string, unknown> }[];
  regression: boolean;
} {
  const parsed = ZRequestPartSchema.safeParse(request);
  if (!parsed.success) zodFailure(parsed.error);
  const requests = parsed.data.metrics.map((m) =>
    typeof m === 'string' ? { name: m, params: {} } : { name: m.name, params: m.params ?? {} },
  );
  const families = requests.map(({ name }, i) => {
    let metric: MetricDefinition;
    try {
      metric = getMetric(name);
    } catch (error) {
      if (!(error instanceof UnknownMetricError)) throw error;
      fail(error.message, ['metrics', i, 'name']);
    }
    if (metric.family !== 'classification' && metric.family !== 'regression') {
      fail(
        `metric '${name}' (${metric.family}) does not score one model's predictions; comparisons take classification and regression metrics`,
        ['metrics', i, 'name'],
      );
    }
    return metric.family;
  });
  const regression = families.every((f) => f === 'regression');
  if (!regression && families.some((f) => f === 'regression')) {
    fail('metrics mixes classification and regression metrics; compare one kind of model', [
      'metrics',
    ]);
  }
  return { requests, regression };
}

function parse(raw: TComparePredictionsInput): Parsed {
  const parsed = ZComparePredictionsInputSchema.safeParse(raw);
  if (!parsed.success) zodFailure(parsed.error);
  const input = parsed.data;
  const n = input.yTrue.length;
  if (n === 0) fail('yTrue is empty; compare at least one row', ['yTrue']);
  for (const side of ['candidate', 'baseline'] as const) {
    const p = input[side];
    if (p.yPred.length !== n)
      fail(`yTrue has ${n} rows but ${side}.yPred has ${p.yPred.length}`, [side, 'yPred']);
    if (p.yScore !== undefined && p.yScore.length !== n)
      fail(`yTrue has ${n} rows but ${side}.yScore has ${p.yScore.length}`, [side, 'yScore']);
  }
  const { requests, regression } = checkComparisonRequest({
    metrics: input.metrics,
    confidence: input.confidence,
    alpha: input.alpha,
  });
  let task: Task;
  let classes: Label[] = [];
  if (regression || input.task === 'regression') {
    if (!regression)
      fail('task is regression but the metrics are classification metrics', ['task']);
    if (input.task !== undefined && input.task !== 'regression')
      fail(`task is ${input.task} but the metrics are regression metrics`, ['task']);
    for (const [name, values] of [
      ['yTrue', input.yTrue],
      ['candidate.yPred', input.candidate.yPred],
      ['baseline.yPred', input.baseline.yPred],
    ] as const) {
      if (values.some((v) => typeof v !== 'number'))
        fail(`${name} holds strings; regression compares numbers`, name.split('.'));
    }
    task = 'regression';
  } else {
    classes =
      input.classes ??
      uniqueLabels([
        ...(input.yTrue as Label[]),
        ...(input.candidate.yPred as Label[]),
        ...(input.baseline.yPred as Label[]),
      ]);
    if (new Set(classes).size !== classes.length) fail('classes must be unique', ['classes']);
    const known = new Set<Label>(classes);
    for (const [name, values] of [
      ['yTrue', input.yTrue],
      ['candidate.yPred', input.candidate.yPred],
      ['baseline.yPred', input.baseline.yPred],
    ] as const) {
      const bad = (values as Label[]).findIndex((v) => !known.has(v));
      if (bad >= 0)
        fail(
          `${name}[${bad}] is ${JSON.stringify(values[bad])}, which is not one of classes ${JSON.stringify(classes)}`,
          [...name.split('.'), bad],
        );
    }
    task = input.task ?? (classes.length <= 2 ? 'binary' : 'multiclass');
    if (task === 'binary' && classes.length > 2)
      fail(`task is binary but there are ${classes.length} classes`, ['task']);
    for (const side of ['candidate', 'baseline'] as const) {
      const s = input[side].yScore;
      if (s === undefined) continue;
      const rows = task === 'multiclass';
      s.forEach((v, i) => {
        if (rows !== Array.isArray(v))
          fail(
            `${side}.yScore[${i}] is ${rows ? 'a number' : 'an array'}; ${rows ? 'multiclass scores are one probability row per row, columns in classes order' : 'binary scores are P(classes[1]) per row'}`,
            [side, 'yScore', i],
          );
        if (rows && (v as number[]).length !== classes.length)
          fail(
            `${side}.yScore[${i}] has ${(v as number[]).length} columns but there are ${classes.length} classes`,
            [side, 'yScore', i],
          );
      });
    }
  }
  let confidence: Parsed['confidence'] = null;
  if (input.confidence !== null) {
    const c = input.confidence ?? {};
    confidence = { level: c.level ?? 0.95, nResamples: c.nResamples ?? 1000, seed: c.seed ?? 0 };
  }
  return {
    yTrue: input.yTrue as Label[],
    candidate: { yPred: input.candidate.yPred as Label[], yScore: input.candidate.yScore },
    baseline: { yPred: input.baseline.yPred as Label[], yScore: input.baseline.yScore },
    task,
    classes,
    sorted: [...classes].sort(compareLabels),
    requests,
    confidence,
    alpha: input.alpha ?? 0.05,
  };
}

/** One side's metric input, as evaluateModel builds it from a model's predictions. */
function plan(
  request: { name: string; params: Record<string, unknown> },
  index: number,
  p: Parsed,
): Planned {
  const metric = getMetric(request.name);
  const path = ['metrics', index];
  const { required, all } = inputFields(metric);
  const known = paramKeys(metric);
  const params: Record<string, unknown> = { ...request.params };
  const sides = { candidate: {} as Row, baseline: {} as Row };
  for (const side of ['candidate', 'baseline'] as const) {
    const row = sides[side];
    const preds = p[side];
    if (all.has('yTrue')) row.yTrue = p.yTrue;
    if (all.has('yPred')) row.yPred = preds.yPred;
    const wantsScore = all.has('yScore') || all.has('yProb');
    const field = all.has('yScore') ? 'yScore' : 'yProb';
    if (p.task === 'binary' && wantsScore && preds.yScore !== undefined) {
      let positive: Label;
      if (known.has('posLabel')) {
        params.posLabel ??= p.classes[1];
        positive = params.posLabel as Label;
        if (!p.classes.includes(positive))
          fail(
            `posLabel ${JSON.stringify(positive)} is not one of classes ${JSON.stringify(p.classes)}`,
            [...path, 'params', 'posLabel'],
          );
      } else {
        // no posLabel: a 1-D score is read as P(the greater sorted label), as scikit-learn does
        positive = p.sorted[1] as Label;
        if (known.has('labels')) params.labels ??= p.sorted;
      }
      const scores = preds.yScore as number[];
      row[field] = positive === p.classes[1] ? scores : scores.map((s) => 1 - s);
    } else if (p.task === 'binary' && known.has('posLabel')) {
      params.posLabel ??= p.classes[1];
    } else if (p.task === 'multiclass' && all.has('yScore') && preds.yScore !== undefined) {
      const order = p.sorted.map((label) => p.classes.indexOf(label));
      row.yScore = (preds.yScore as number[][]).map((r) => order.map((c) => r[c] as number));
      if (known.has('labels')) params.labels ??= p.sorted;
      if (known.has('multiClass')) params.multiClass ??= 'ovr';
    }
    const missing = [...required].filter((f) => row[f] === undefined);
    if (missing.length > 0) {
      const scoreHint = missing.some((f) => f === 'yScore' || f === 'yProb')
        ? ` (give candidate.yScore and baseline.yScore${p.task === 'multiclass' && missing.includes('yProb') ? '; it takes binary probabilities' : ''})`
        : '';
      fail(
        `metric '${request.name}' needs ${missing.join(', ')}, which ${side}'s predictions do not give${scoreHint}`,
        [...path, 'name'],
      );
    }
  }
  return { metric, params, candidate: sides.candidate, baseline: sides.baseline };
}

function numericValue(name: string, input: Row, params: Record<string, unknown>): number {
  const result = computeMetric(name, input, params);
  const value = result.value;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    const message = `metric '${name}' has no numeric value here; comparisons need one number per model`;
    throw new InvalidInputError(message, [{ path: ['name'], message }]);
  }
  return value;
}

/** The rows `indices` of every per-row array of `input` (other fields as they are). */
function pick(input: Row, indices: Uint32Array): Row {
  const out: Row = { ...input };
  for (const [key, values] of Object.entries(input)) {
    if (!Array.isArray(values)) continue;
    const picked = new Array<unknown>(indices.length);
    for (let i = 0; i < indices.length; i++) picked[i] = values[indices[i] as number];
    out[key] = picked;
  }
  return out;
}

/** True when the metric is plain binary ROC AUC, which has the sort-once bootstrap fast path. */
function isPlainBinaryRocAuc(name: string, p: Parsed, input: Row): boolean {
  return name === 'rocAuc' && p.task === 'binary' && input.sampleWeight === undefined;
}

function bootstrapInterval(
  planned: Planned,
  p: Parsed,
  confidence: NonNullable<Parsed['confidence']>,
): PairedBootstrapResult {
  const { metric, params, candidate, baseline } = planned;
  const options = {
    nResamples: confidence.nResamples,
    confidenceLevel: confidence.level,
    seed: confidence.seed,
  };
  if (isPlainBinaryRocAuc(metric.name, p, candidate)) {
    const positive = p.yTrue.map((y) => (y === params.posLabel ? 1 : 0));
    return pairedBootstrapRocAuc(
      positive,
      candidate.yScore as number[],
      baseline.yScore as number[],
      options,
    );
  }
  return pairedBootstrapDelta(
    p.yTrue.length,
    (idx) => numericValue(metric.name, pick(candidate, idx), params),
    (idx) => numericValue(metric.name, pick(baseline, idx), params),
    options,
  );
}

/** The tests that fit the metric (first = the one that decides), or a note saying why none. */
function pairedTests(
  planned: Planned,
  p: Parsed,
  boot: PairedBootstrapResult | null,
): { tests: ComparisonTest[]; note?: string } {
  const { metric, params, candidate, baseline } = planned;
  const name = metric.name;
  try {
    if (name === 'accuracy' && candidate.sampleWeight === undefined) {
      const correctA = p.yTrue.map((y, i) => y === p.candidate.yPred[i]);
      const correctB = p.yTrue.map((y, i) => y === p.baseline.yPred[i]);
      const table = mcnemarTable(correctA, correctB);
      const discordant = table[0][1] + table[1][0];
      const exact = discordant < MCNEMAR_EXACT_BELOW;
      const r = mcnemar(table, { exact, correction: true });
      return {
        tests: [
          {
            name: 'mcnemar',
            statistic: r.statistic,
            pValue: r.pValue,
            method: exact ? 'exact' : 'chi2-corrected',
            details: { candidateOnlyRight: r.discordantAB, baselineOnlyRight: r.discordantBA },
          },
        ],
      };
    }
    if (isPlainBinaryRocAuc(name, p, candidate)) {
      const r = delongRocAucTest(
        p.yTrue,
        candidate.yScore as number[],
        baseline.yScore as number[],
        { posLabel: params.posLabel as Label, level: p.confidence?.level ?? 0.95 },
      );
      return {
        tests: [
          {
            name: 'delong',
            statistic: r.z,
            pValue: r.pValue,
            method: 'normal',
            details: {
              difference: r.difference,
              variance: r.variance,
              standardError: r.standardError,
              low: r.low,
              high: r.high,
              level: r.level,
            },
          },
        ],
      };
    }
    const rowError = ROW_ERRORS[name];
    if (rowError !== undefined && candidate.sampleWeight === undefined) {
      const yTrue = p.yTrue as number[];
      const errorsOf = (yPred: number[]) => yPred.map((v, i) => rowError(v - (yTrue[i] as number)));
      const a = errorsOf(p.candidate.yPred as number[]);
      const b = errorsOf(p.baseline.yPred as number[]);
      const tests: ComparisonTest[] = [];
      const notes: string[] = [];
      try {
        const t = pairedTTest(a, b);
        tests.push({
          name: 'pairedT',
          statistic: t.t,
          pValue: t.pValue,
          method: 't',
          details: { df: t.df, meanDifference: t.meanDifference, standardError: t.standardError },
        });
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        notes.push(`paired t: ${error.message}`);
      }
      try {
        const w = wilcoxonSignedRank(a, b);
        tests.push({
          name: 'wilcoxon',
          statistic: w.statistic,
          pValue: w.pValue,
          method: w.method,
          details: { rPlus: w.rPlus, rMinus: w.rMinus, ...(w.z === null ? {} : { z: w.z }) },
        });
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        notes.push(`Wilcoxon: ${error.message}`);
      }
      return notes.length === 0 ? { tests } : { tests, note: notes.join('; ') };
    }
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return { tests: [], note: error.message };
  }
  if (boot === null)
    return { tests: [], note: 'no paired test without the bootstrap (confidence is null)' };
  return {
    tests: [
      {
        name: 'pairedBootstrap',
        statistic: boot.delta,
        pValue: boot.pValue,
        method: 'percentile',
        details: { nResamples: boot.nResamples, skipped: boot.skipped },
      },
    ],
  };
}

/**
 * Compares a candidate and a baseline model on the same rows from their predictions: each metric
 * of both, the delta candidate − baseline, a paired percentile-bootstrap interval of the delta
 * (the SAME resampled rows for both models), and the paired test that fits the metric:
 *
 * - `accuracy`: McNemar's test on the rows only one model gets right (exact binomial below 25
 *   discordant pairs, else χ² with continuity correction; statsmodels `mcnemar`);
 * - binary `rocAuc`: DeLong's test of correlated AUCs (Sun & Xu's fast algorithm);
 * - `mae`, `mse`, `rmse`: the paired t-test (SciPy `ttest_rel`), then the Wilcoxon signed-rank
 *   test (SciPy `wilcoxon`), on the per-row absolute (MAE) or squared (MSE, RMSE) errors;
 * - any other metric (or any metric with `sampleWeight`): the bootstrap's own two-sided p-value.
 *
 * `significantlyWorse` is true when the deciding test's two-sided p-value is below `alpha` and the
 * delta goes the wrong way for the metric (down for scores, up for losses and errors), false
 * otherwise, null when no test could be run (e.g. both models predict identically: no variance).
 * The metric inputs are built as `evaluateModel` builds them (binary `yScore` = P(classes[1]),
 * `posLabel` defaulting to `classes[1]`).
 *
 * @example comparePredictions({ yTrue, candidate: { yPred: a, yScore: pa }, baseline: { yPred: b,
 *   yScore: pb }, metrics: ['accuracy', 'rocAuc'], confidence: { seed: 1 } })
 * @throws InvalidInputError (the core's validation error) when the input does not match
 * {@link ZComparePredictionsInputSchema}, lengths differ, a metric is unknown, not a
 * classification or regression metric, does not fit the predictions or has no numeric value, or
 * a metric refuses its input (the message starts with `metric '<name>':`).
 */
export function comparePredictions(input: TComparePredictionsInput): ComparisonReport {
  const started = performance.now();
  const p = parse(input);
  const metricsStarted = performance.now();
  const metrics = p.requests.map((_, i) => compareOne(p, i, 'predictions', 'predictions'));
  const finished = performance.now();
  return {
    task: p.task,
    n: p.yTrue.length,
    alpha: p.alpha,
    candidate: 'predictions',
    baseline: 'predictions',
    metrics,
    timing: {
      totalMs: finished - started,
      predictMs: 0,
      metricsMs: finished - metricsStarted,
      modelCalls: 0,
    },
  };
}

/** One metric of the comparison (compareModels calls it metric by metric, with progress). */
export function compareOne(
  p: Parsed,
  i: number,
  candidateKind: string,
  baselineKind: string,
): ComparedMetric {
  const request = p.requests[i] as Parsed['requests'][number];
  const planned = located(request.name, i, () => plan(request, i, p));
  const { params } = planned;
  const candidate = located(request.name, i, () =>
    numericValue(request.name, planned.candidate, params),
  );
  const baseline = located(request.name, i, () =>
    numericValue(request.name, planned.baseline, params),
  );
  const delta = candidate - baseline;
  const higherIsBetter = !LOWER_IS_BETTER.has(request.name);
  const confidence = p.confidence;
  const boot =
    confidence === null
      ? null
      : located(request.name, i, () => bootstrapInterval(planned, p, confidence));
  const interval: ComparisonInterval | null =
    boot === null
      ? null
      : {
          low: boot.low,
          high: boot.high,
          level: boot.confidenceLevel,
          nResamples: boot.nResamples,
          skipped: boot.skipped,
          seed: boot.seed ?? 0,
          method: 'paired-percentile',
        };
  const { tests, note } = pairedTests(planned, p, boot);
  const test = tests[0] ?? null;
  const worse = higherIsBetter ? delta < 0 : delta > 0;
  const significantlyWorse = test === null ? null : worse && test.pValue < p.alpha;
  const parts = [
    `compare:${request.name}`,
    `params:${canonical(params)}`,
    `candidate:${candidateKind}`,
    `baseline:${baselineKind}`,
    `n:${p.yTrue.length}`,
    `test:${test?.name ?? 'none'}`,
    `alpha:${p.alpha}`,
  ];
  if (interval !== null) {
    parts.push(
      'ci:paired-percentile',
      `level:${interval.level}`,
      `resamples:${interval.nResamples}`,
      `seed:${interval.seed}`,
    );
  }
  parts.push(`version:${EVALUATION_SIGNATURE_VERSION}`);
  return {
    metric: request.name,
    params,
    candidate,
    baseline,
    delta,
    higherIsBetter,
    interval,
    test,
    tests,
    significantlyWorse,
    signature: parts.join('|'),
    ...(note === undefined ? {} : { note }),
  };
}

export type { Parsed as ParsedComparison };
export { parse as parseComparison };
