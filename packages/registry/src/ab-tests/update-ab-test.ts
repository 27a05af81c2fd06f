import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema, ZIdSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { abTestInclude, normalizeWeights, toAbTest } from './ab-test.mappers.js';
import { type TUpdateAbTestSchema, ZUpdateAbTestSchema } from './ab-test.schemas.js';
import type { AbTest, AbVariant } from './ab-test.types.js';

/**
 * A ramp-up (new weights, a new coverage) or the start of a draft. Units already assigned keep
 * their stored variant; with `reassign` their exposures are forgotten (each is assigned again
 * under the new weights on its next request) and a new phase starts now: earlier events no
 * longer count. `conflict` on a stopped test, `invalid` for a weight list of the wrong length.
 */
export async function update(
  ctx: RegistryContext,
  projectId: string,
  id: string,
  input: TUpdateAbTestSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<AbTest> {
  const data = parseInput(ZUpdateAbTestSchema, input, 'A/B test update');
  const by = parseInput(ZActorSchema, actor, 'actor');
  const notFound = new RegistryError('not_found', `A/B test ${id} does not exist`);
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) throw notFound;
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const locked = await tx.$queryRawUnsafe<{ id: string }[]>(
        'SELECT id FROM ab_tests WHERE id = $1::uuid AND project_id = $2::uuid FOR UPDATE',
        id,
        projectId,
      );
      if (locked.length === 0) throw notFound;
      const current = toAbTest(
        await tx.abTest.findUniqueOrThrow({ where: { id }, include: abTestInclude }),
      );
      if (current.status === 'stopped') {
        throw new RegistryError('conflict', `A/B test ${id} has stopped; it serves its decision`);
      }
      let variants: Omit<AbVariant, 'index'>[] | undefined;
      if (data.weights !== undefined) {
        if (data.weights.length !== current.variants.length) {
          throw new RegistryError(
            'invalid',
            `Invalid A/B test update: weights: give one weight per variant (${current.variants.length})`,
            {
              details: [{ path: ['weights'], message: `give ${current.variants.length} weights` }],
            },
          );
        }
        if (data.weights.reduce((s, w) => s + w, 0) <= 0) {
          throw new RegistryError(
            'invalid',
            'Invalid A/B test update: weights: the weights must not all be 0',
            { details: [{ path: ['weights'], message: 'the weights must not all be 0' }] },
          );
        }
        const weights = normalizeWeights(data.weights);
        variants = current.variants.map(({ index, ...v }) => ({
          ...v,
          weight: weights[index] as number,
        }));
      }
      const now = new Date();
      const starting = data.status === 'running' && current.status === 'draft';
      if (data.reassign) {
        await tx.$executeRawUnsafe('DELETE FROM ab_exposures WHERE ab_test_id = $1::uuid', id);
      }
      // A ramp-up opens a period of the new split; a reassignment or a start begins the history anew.
      const weightsNow = (variants ?? current.variants).map((v) => v.weight);
      const history =
        data.reassign || starting
          ? [{ at: now.toISOString(), weights: weightsNow }]
          : variants
            ? [...current.weightHistory, { at: now.toISOString(), weights: weightsNow }]
            : undefined;
      const row = await tx.abTest.update({
        where: { id },
        data: {
          ...(variants ? { variants } : {}),
          ...(history ? { weightHistory: history } : {}),
          ...(data.coverage !== undefined ? { coverage: data.coverage } : {}),
          ...(data.description !== undefined ? { description: data.description } : {}),
          ...(starting ? { status: 'running', startedAt: now, phaseStartedAt: now } : {}),
          ...(data.reassign ? { phaseStartedAt: now } : {}),
        },
        include: abTestInclude,
      });
      await writeAuditLog(tx, {
        projectId,
        actor: by,
        action: starting ? 'ab_test.start' : 'ab_test.update',
        entity: 'ab_test',
        entityId: id,
        details: {
          ...(variants ? { weights: variants.map((v) => v.weight) } : {}),
          ...(data.coverage !== undefined ? { coverage: data.coverage } : {}),
          reassign: data.reassign,
        },
      });
      return toAbTest(row);
    }),
  );
}
