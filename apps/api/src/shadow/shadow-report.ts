import {
  type ComparisonReport,
  comparePredictions,
  describeSample,
  histogramCounts,
  type TComparePredictionsInput,
  ZComparisonReportSchema,
} from '@assay/core';
import { type ShadowPair, type ShadowTest, ZShadowTestSchema } from '@assay/registry';
import { z } from 'zod';

/** The most labelled rows one report compares (the newest): the paired bootstrap runs inline. */
export const MAX_COMPARED_ROWS = 10_000;

/** Latency histogram bin edges (ms); the last bin is open-ended. */
export const LATENCY_EDGES_MS = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

const ZPercentilesSchema = z.object({
  n: z.number().int(),
  mean: z.number().nullable(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p99: z.number().nullable(),
});

export const ZShadowReportSchema = z
  .object({
    test: ZShadowTestSchema,
    /** Mirrored requests the report read (newest first up to `maxPairs`). */
    requests: z.number().int(),
    truncated: z.boolean(),
    /** Copies dropped by this API process because mirrored work was saturated. */
    droppedByThisProcess: z.number().int(),
    kind: z.enum(['classifier', 'regressor', 'unknown']),
    candidate: z.object({
      ok: z.number().int(),
      errors: z.number().int(),
      timeouts: z.number().int(),
      errorRate: z.number().nullable(),
      timeoutRate: z.number().nullable(),
    }),
    /** Classifiers: the share of rows where both decided the same class. */
    agreement: z.object({ rows: z.number().int(), rate: z.number().nullable() }).nullable(),
    /** Regressors: |candidate − holder| per row (first output). */
    difference: z
      .object({
        rows: z.number().int(),
        mean: z.number().nullable(),
        p50: z.number().nullable(),
        p90: z.number().nullable(),
        p99: z.number().nullable(),
        max: z.number().nullable(),
      })
      .nullable(),
    latencyMs: z.object({ served: ZPercentilesSchema, shadow: ZPercentilesSchema }),
    /** Equal-width time buckets over the mirrored requests, oldest first (for a chart). */
    overTime: z.array(
      z.object({
        start: z.string(),
        end: z.string(),
        requests: z.number().int(),
        rows: z.number().int(),
        agreement: z.number().nullable(),
        meanAbsDiff: z.number().nullable(),
        candidateErrors: z.number().int(),
      }),
    ),
    latencyHistogram: z.object({
      edgesMs: z.array(z.number()),
      served: z.array(z.number().int()),
      shadow: z.array(z.number().int()),
    }),
    /** The labelled rows (both answered): counts, and the paired comparison once labels exist. */
    labelled: z.object({
      requests: z.number().int(),
      rows: z.number().int(),
      comparison: ZComparisonReportSchema.nullable().describe(
        'The core’s paired comparison of candidate (vs holder as baseline) on the labelled rows: accuracy with McNemar (classifiers), mae and rmse with paired t / Wilcoxon (regressors), paired bootstrap intervals of the deltas',
      ),
      note: z.string().optional(),
    }),
  })
  .meta({ id: 'ShadowReport' });

export type ShadowReport = z.infer<typeof ZShadowReportSchema>;

/** The labelled rows, as the paired comparison takes them. */
export interface LabelledRows {
  yTrue: (string | number)[];
  candidate: (string | number)[];
  baseline: (string | number)[];
  kind: 'classifier' | 'regressor';
}

interface Output {
  kind?: string;
  outputs?: number[][];
  predicted?: (string | number)[];
}

/**
 * The shadow report of a test from its pairs (`registry.shadowTests.pairs`): agreement or
 * difference, the candidate's error and timeout rates, latency percentiles (linear interpolation,
 * NumPy's default) and histograms of both, agreement over time, and — through `compare`, given
 * the labelled rows — the paired comparison.
 */
export function computeShadowReport(
  test: ShadowTest,
  pairs: readonly ShadowPair[],
  options: {
    maxPairs: number;
    dropped: number;
    buckets?: number;
    compare?: (rows: LabelledRows) => ComparisonReport;
  },
): ShadowReport {
  const buckets = options.buckets ?? 20;
  const chronological = [...pairs].sort((a, b) => a.at.localeCompare(b.at));
  const firstServed = chronological.find((p) => p.served?.output)?.served?.output as
    | Output
    | undefined;
  const kind: ShadowReport['kind'] =
    firstServed?.kind === undefined
      ? 'unknown'
      : firstServed.kind === 'regression'
        ? 'regressor'
        : 'classifier';
  let ok = 0;
  let errors = 0;
  let timeouts = 0;
  let agreeRows = 0;
  let compared = 0;
  const diffs: number[] = [];
  const served: number[] = [];
  const shadow: number[] = [];
  const labelled: LabelledRows = { yTrue: [], candidate: [], baseline: [], kind: 'classifier' };
  let labelledRequests = 0;
  const t0 = chronological.length > 0 ? Date.parse((chronological[0] as ShadowPair).at) : 0;
  const t1 = chronological.length > 0 ? Date.parse((chronological.at(-1) as ShadowPair).at) : 0;
  const width = Math.max(1, (t1 - t0 + 1) / buckets);
  const overTime = Array.from({ length: chronological.length > 0 ? buckets : 0 }, (_, i) => ({
    start: new Date(t0 + i * width).toISOString(),
    end: new Date(t0 + (i + 1) * width).toISOString(),
    requests: 0,
    rows: 0,
    agree: 0,
    absDiff: 0,
    candidateErrors: 0,
  }));
  for (const pair of chronological) {
    const bucket = overTime[Math.min(buckets - 1, Math.floor((Date.parse(pair.at) - t0) / width))];
    if (bucket) bucket.requests += 1;
    if (pair.served) served.push(pair.served.latencyMs);
    if (pair.shadow.outcome === 'ok') {
      ok += 1;
      shadow.push(pair.shadow.latencyMs);
    } else {
      if (pair.shadow.outcome === 'error') errors += 1;
      else timeouts += 1;
      if (bucket) bucket.candidateErrors += 1;
      continue;
    }
    const a = pair.served?.output as Output | undefined;
    const b = pair.shadow.output as Output | undefined;
    if (!a || !b) continue;
    const rows = Math.min(a.outputs?.length ?? 0, b.outputs?.length ?? 0);
    const label = pair.label !== null && pair.label.length === rows ? pair.label : null;
    if (label) labelledRequests += 1;
    for (let i = 0; i < rows; i += 1) {
      if (kind === 'classifier') {
        const x = a.predicted?.[i];
        const y = b.predicted?.[i];
        if (x === undefined || y === undefined) continue;
        compared += 1;
        if (bucket) bucket.rows += 1;
        if (String(x) === String(y)) {
          agreeRows += 1;
          if (bucket) bucket.agree += 1;
        }
        if (label) {
          labelled.yTrue.push(label[i] as string | number);
          labelled.baseline.push(x);
          labelled.candidate.push(y);
        }
      } else if (kind === 'regressor') {
        const x = a.outputs?.[i]?.[0];
        const y = b.outputs?.[i]?.[0];
        if (x === undefined || y === undefined) continue;
        compared += 1;
        const d = Math.abs(y - x);
        diffs.push(d);
        if (bucket) {
          bucket.rows += 1;
          bucket.absDiff += d;
        }
        if (label) {
          labelled.yTrue.push(label[i] as number);
          labelled.baseline.push(x);
          labelled.candidate.push(y);
        }
      }
    }
  }
  labelled.kind = kind === 'regressor' ? 'regressor' : 'classifier';
  const finished = ok + errors + timeouts;
  const diffStats = percentiles(diffs);
  let comparison: ComparisonReport | null = null;
  let note: string | undefined;
  if (labelled.yTrue.length === 0) {
    note = 'no labelled rows yet: send labels by request id';
  } else if (options.compare) {
    try {
      comparison = options.compare(labelled);
    } catch (error) {
      note = `the paired comparison could not be computed: ${(error as Error).message}`;
    }
  } else {
    note = 'the paired comparison was not asked for';
  }
  if (comparison !== null && labelled.yTrue.length > MAX_COMPARED_ROWS) {
    note = `compared the newest ${MAX_COMPARED_ROWS} of ${labelled.yTrue.length} labelled rows`;
  }
  return {
    test,
    requests: pairs.length,
    truncated: pairs.length >= options.maxPairs,
    droppedByThisProcess: options.dropped,
    kind,
    candidate: {
      ok,
      errors,
      timeouts,
      errorRate: finished > 0 ? errors / finished : null,
      timeoutRate: finished > 0 ? timeouts / finished : null,
    },
    agreement: kind === 'classifier' ? { rows: compared, rate: rate(agreeRows, compared) } : null,
    difference:
      kind === 'regressor'
        ? {
            rows: diffs.length,
            mean: diffStats.mean,
            p50: diffStats.p50,
            p90: diffStats.p90,
            p99: diffStats.p99,
            max: diffs.length > 0 ? Math.max(...diffs) : null,
          }
        : null,
    latencyMs: { served: percentiles(served), shadow: percentiles(shadow) },
    overTime: overTime.map(({ agree, absDiff, ...b }) => ({
      ...b,
      agreement: kind === 'classifier' ? rate(agree, b.rows) : null,
      meanAbsDiff: kind === 'regressor' ? rate(absDiff, b.rows) : null,
    })),
    latencyHistogram: {
      edgesMs: LATENCY_EDGES_MS,
      served: histogramCounts(served, LATENCY_EDGES_MS),
      shadow: histogramCounts(shadow, LATENCY_EDGES_MS),
    },
    labelled: {
      requests: labelledRequests,
      rows: labelled.yTrue.length,
      comparison,
      ...(note === undefined ? {} : { note }),
    },
  };
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Mean and the 50th, 90th and 99th percentiles (NumPy's linear interpolation). */
function percentiles(values: readonly number[]) {
  const { n, mean, percentiles: p } = describeSample(values, [50, 90, 99]);
  return { n, mean, p50: p[0] ?? null, p90: p[1] ?? null, p99: p[2] ?? null };
}

/**
 * The paired comparison of the labelled rows (the newest `MAX_COMPARED_ROWS`) with the core's
 * `comparePredictions`: the candidate against the holder as baseline. By default accuracy
 * (classifiers) or mae and rmse (regressors), 1,000 seeded paired resamples, α = 0.05; a gate
 * asks its relative checks' metrics with its policy's confidence and α. Metrics that need scores
 * (ROC AUC, log loss) cannot be computed: the log's labelled rows are predicted labels or values.
 */
export function compareLabelledRows(
  rows: LabelledRows,
  options: {
    metrics?: TComparePredictionsInput['metrics'];
    confidence?: TComparePredictionsInput['confidence'];
    alpha?: number;
  } = {},
): ComparisonReport {
  const take = <T>(xs: T[]) => xs.slice(Math.max(0, xs.length - MAX_COMPARED_ROWS));
  const same = <T>(xs: T[]) =>
    (rows.kind === 'regressor' ? xs.map(Number) : xs.map(String)) as number[] | string[];
  return comparePredictions({
    yTrue: same(take(rows.yTrue)),
    candidate: { yPred: same(take(rows.candidate)) },
    baseline: { yPred: same(take(rows.baseline)) },
    metrics: options.metrics ?? (rows.kind === 'regressor' ? ['mae', 'rmse'] : ['accuracy']),
    confidence: options.confidence ?? { level: 0.95, nResamples: 1000, seed: 0 },
    alpha: options.alpha ?? 0.05,
  });
}
