/**
 * The public shapes of a paired comparison of a candidate and a baseline model
 * ({@link comparePredictions}, {@link compareModels}): the zod input schema of
 * `comparePredictions`, and the report's zod schema from which its TypeScript types are inferred
 * (one declaration: the registry stores the report and the API documents it with the same schema).
 */
import { z } from 'zod';
import type { DataTable } from '../data/types.js';
import type { Model } from '../models/types.js';
import { ZLabelSchema } from '../schemas/index.js';
import { ZEvaluationConfidenceSchema } from './schemas.js';
import type { EvaluationConfidence, EvaluationProgress } from './types.js';

/** One metric to compare: a registered classification or regression metric with a numeric value. */
export const ZComparisonMetricRequestSchema = z
  .object({
    name: z.string().min(1).max(100).describe('A registered metric (GET /v1/metrics)'),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type TComparisonMetricRequest = z.infer<typeof ZComparisonMetricRequestSchema>;

/**
 * One model's predictions on the rows, in the shapes `evaluateModel` feeds metrics:
 * - classifiers: `yPred` = predicted classes; `yScore` (for score metrics such as `rocAuc`) =
 *   binary: P(classes[1]) per row, multiclass: one probability row per row, columns in `classes`
 *   order;
 * - regressors: `yPred` = predicted values.
 */
export const ZComparedPredictionsSchema = z
  .object({
    yPred: z.union([z.array(z.number()), z.array(z.string())], {
      error: 'expected an array of predicted classes or values',
    }),
    yScore: z
      .union([z.array(z.number()), z.array(z.array(z.number()))], {
        error: 'expected P(classes[1]) per row, or one probability row per row',
      })
      .optional(),
  })
  .strict();
export type TComparedPredictions = z.infer<typeof ZComparedPredictionsSchema>;

/** Input of {@link comparePredictions}. */
export const ZComparePredictionsInputSchema = z
  .object({
    yTrue: z
      .union([z.array(z.number()), z.array(z.string())], {
        error: 'expected an array of true labels or values (all numbers or all strings)',
      })
      .describe('True labels (classifiers) or values (regressors), one per row'),
    candidate: ZComparedPredictionsSchema.describe('The candidate model’s predictions'),
    baseline: ZComparedPredictionsSchema.describe('The baseline model’s predictions, same rows'),
    task: z
      .enum(['binary', 'multiclass', 'regression'])
      .optional()
      .describe(
        'Default: regression when the metrics are regression metrics, else binary for ≤ 2 classes, multiclass beyond',
      ),
    classes: z
      .array(ZLabelSchema)
      .min(2)
      .optional()
      .describe(
        "Classifiers: the models' classes (binary yScore is P(classes[1]); multiclass yScore columns follow this order). Default: the sorted labels of yTrue and both yPred",
      ),
    metrics: z
      .array(z.union([z.string().min(1).max(100), ZComparisonMetricRequestSchema]))
      .min(1)
      .max(100),
    confidence: ZEvaluationConfidenceSchema.nullable()
      .optional()
      .describe(
        'Paired bootstrap of the delta. Default { level: 0.95, nResamples: 1000, seed: 0 }; null: no intervals (and no bootstrap test)',
      ),
    alpha: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe('Significance level of significantlyWorse. Default 0.05'),
  })
  .strict();
export type TComparePredictionsInput = z.input<typeof ZComparePredictionsInputSchema>;

/** The paired percentile-bootstrap interval of candidate − baseline. */
export const ZComparisonIntervalSchema = z.object({
  low: z.number(),
  high: z.number(),
  level: z.number(),
  nResamples: z.number().int(),
  skipped: z.number().int().describe('Resamples on which the metric was undefined, left out'),
  seed: z.number().int(),
  method: z.literal('paired-percentile'),
});
export type ComparisonInterval = z.infer<typeof ZComparisonIntervalSchema>;

export const COMPARISON_TEST_NAMES = [
  'mcnemar',
  'delong',
  'pairedT',
  'wilcoxon',
  'pairedBootstrap',
] as const;
export type ComparisonTestName = (typeof COMPARISON_TEST_NAMES)[number];

/** A paired significance test of candidate vs baseline (always two-sided). */
export const ZComparisonTestSchema = z.object({
  name: z.enum(COMPARISON_TEST_NAMES),
  statistic: z
    .number()
    .describe(
      'mcnemar: min(b, c) (exact) or χ²; delong: z; pairedT: t; wilcoxon: min(R+, R−); pairedBootstrap: the delta',
    ),
  pValue: z.number().describe('Two-sided p-value of H0: no difference'),
  method: z
    .string()
    .describe(
      'How the p-value was computed: exact | chi2-corrected | normal | t | approx | percentile',
    ),
  details: z
    .record(z.string(), z.number())
    .describe(
      'Test-specific numbers: discordant counts, z, df, the DeLong variance and interval, …',
    ),
});
export type ComparisonTest = z.infer<typeof ZComparisonTestSchema>;

/** One metric of the comparison. */
export const ZComparedMetricSchema = z.object({
  metric: z.string(),
  params: z.record(z.string(), z.unknown()).describe('The params it was computed with'),
  candidate: z.number(),
  baseline: z.number(),
  delta: z.number().describe('candidate − baseline'),
  higherIsBetter: z.boolean(),
  interval: ZComparisonIntervalSchema.nullable().describe(
    'Paired bootstrap interval of the delta; null when confidence is null',
  ),
  test: ZComparisonTestSchema.nullable().describe(
    'The test that decides significantlyWorse; null when none applies (e.g. no variance)',
  ),
  tests: z
    .array(ZComparisonTestSchema)
    .describe('Every test run (regression: paired t, then Wilcoxon); test is the first'),
  significantlyWorse: z
    .boolean()
    .nullable()
    .describe(
      'The candidate is worse (in the metric’s direction) and the test’s two-sided p < alpha; null without a test',
    ),
  signature: z.string().describe('What was computed, for reports and reproduction'),
  note: z.string().optional().describe('Why test is null, when it is'),
});
export type ComparedMetric = z.infer<typeof ZComparedMetricSchema>;

export const ZComparisonTimingSchema = z.object({
  totalMs: z.number(),
  /** Inside the models' predict calls (compareModels only; 0 for comparePredictions). */
  predictMs: z.number(),
  metricsMs: z.number(),
  modelCalls: z.number().int(),
});
export type ComparisonTiming = z.infer<typeof ZComparisonTimingSchema>;

/** What {@link comparePredictions} and {@link compareModels} return. */
export const ZComparisonReportSchema = z
  .object({
    task: z.enum(['binary', 'multiclass', 'regression']),
    n: z.number().int().describe('Rows compared'),
    alpha: z.number(),
    candidate: z.string().describe('The candidate model’s kind, or "predictions"'),
    baseline: z.string(),
    metrics: z.array(ZComparedMetricSchema),
    timing: ZComparisonTimingSchema,
  })
  .meta({ id: 'ComparisonReport' });
export type ComparisonReport = z.infer<typeof ZComparisonReportSchema>;

/** Options of {@link compareModels}: {@link EvaluateModelOptions} with two models. */
export interface CompareModelsOptions {
  candidate: Model;
  baseline: Model;
  table: DataTable;
  /** The column of true labels (classifiers) or values (regressors). */
  target: string;
  /**
   * Feature columns in the models' input order (both models take the same). @default as
   * `evaluateModel` chooses them for the candidate
   */
  features?: readonly string[];
  metrics: readonly (string | TComparisonMetricRequest)[];
  /** @default { level: 0.95, nResamples: 1000, seed: 0 }; null: no intervals. */
  confidence?: EvaluationConfidence | null;
  /** @default 0.05 */
  alpha?: number;
  /** Rows per predict call. @default each model's preferredBatchRows, else 8192 */
  batchRows?: number;
  /** As evaluateModel: predicting both models counts for 30 % of the work. Awaited. */
  onProgress?: (progress: EvaluationProgress) => void | Promise<void>;
  /** Stops at the next batch or metric; then rejects with `signal.reason`. */
  signal?: AbortSignal;
}
