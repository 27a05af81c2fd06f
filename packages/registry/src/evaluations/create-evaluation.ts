import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { parseInput } from '../validate.js';
import { type TCreateEvaluationSchema, ZCreateEvaluationSchema } from './evaluation.schemas.js';
import type { Evaluation } from './evaluation.types.js';
import { insertEvaluation } from './insert-evaluation.js';

/**
 * Records a batch test of one model version on one dataset (fingerprint, metrics with signatures
 * and confidence intervals, explanation summaries, optionally the stored dataset's id), with its
 * audit entry, in one transaction. `status` defaults to `completed`. Alias moves may cite it
 * (`aliases.set({ evaluationId })`).
 */
export async function create(
  ctx: RegistryContext,
  input: TCreateEvaluationSchema,
): Promise<Evaluation> {
  const data = parseInput(ZCreateEvaluationSchema, input, 'evaluation');
  return withDbErrors(() => ctx.db.$transaction((tx) => insertEvaluation(tx, data)));
}
