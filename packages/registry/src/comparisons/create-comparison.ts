import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { parseInput } from '../validate.js';
import { type TCreateComparisonSchema, ZCreateComparisonSchema } from './comparison.schemas.js';
import type { Comparison } from './comparison.types.js';
import { insertComparison } from './insert-comparison.js';

/**
 * Stores a comparison report (candidate vs baseline version of one model on one stored dataset)
 * with its audit entry, in one transaction. With a `jobId` already stored, returns that comparison.
 */
export async function create(
  ctx: RegistryContext,
  input: TCreateComparisonSchema,
): Promise<Comparison> {
  const data = parseInput(ZCreateComparisonSchema, input, 'comparison');
  return withDbErrors(() => ctx.db.$transaction((tx) => insertComparison(tx, data)));
}
