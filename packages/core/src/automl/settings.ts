import { z } from 'zod';
import { AUTOML_METRICS } from './scoring.js';

/** The model families a run may name (those not registered in this build are refused at run time). */
export const LEARNER_FAMILIES = ['linear', 'mlp', 'cart', 'random_forest', 'hist_gbm'] as const;

/**
 * What an AutoML run is asked to do: one schema for the core, the API's validation, its OpenAPI
 * document and the portal's form.
 */
export const ZAutoMlSettingsSchema = z
  .strictObject({
    target: z.string().min(1).describe('The column to predict'),
    task: z
      .enum(['binary', 'multiclass', 'regression'])
      .optional()
      .describe('Detected from the target when omitted'),
    primaryMetric: z
      .enum(AUTOML_METRICS)
      .optional()
      .describe(
        'What the search optimises: accuracy (classification) or r2 (regression) when omitted',
      ),
    timeBudgetSeconds: z
      .number()
      .min(1)
      .max(86_400)
      .default(60)
      .describe(
        'Wall-clock budget of the search and the final refit; the run ends within 5 % of it',
      ),
    maxTrials: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe('Stop after this many trials (with a seed, the same leaderboard every time)'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(0xffffffff)
      .default(0)
      .describe('Seeds folds, search and fits'),
    excludedColumns: z
      .array(z.string().min(1))
      .default([])
      .describe('Columns never used as features'),
    families: z
      .array(z.enum(LEARNER_FAMILIES))
      .min(1)
      .optional()
      .describe('Model families to search (all available when omitted)'),
  })
  .describe('AutoML run settings');

export type TAutoMlSettings = z.input<typeof ZAutoMlSettingsSchema>;
export type AutoMlSettings = z.output<typeof ZAutoMlSettingsSchema>;
