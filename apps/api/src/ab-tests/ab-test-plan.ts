import { planAbTest } from '@assay/core/abtest';
import type { TAbPlanInputSchema } from '@assay/registry';

/**
 * The planner's answer for a test's plan (units per variant, total, days), stored with the test.
 * The core refuses an impossible plan (a treated rate outside (0, 1), power ≤ α) with a 400.
 */
export function planFor(plan: TAbPlanInputSchema, variants: number): Record<string, unknown> {
  return planAbTest({
    baseline: plan.baseline,
    mde: plan.mde,
    alpha: plan.alpha,
    power: plan.power,
    variants,
    ...(plan.dailyUnits === undefined ? {} : { dailyUnits: plan.dailyUnits }),
  });
}
