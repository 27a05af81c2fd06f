import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema, ZIdSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import type { Prisma } from '../db/client.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { abTestInclude, toAbTest } from './ab-test.mappers.js';
import { type TStopAbTestSchema, ZStopAbTestSchema } from './ab-test.schemas.js';
import type { AbDecision, AbTest } from './ab-test.types.js';

/**
 * Stops a running test with its decision: the winner (or none), the version it served, the
 * analysis report it rested on and an override if one was needed. From then on every unit is
 * served the winner (the control when there is none). `conflict` unless running.
 */
export async function stop(
  ctx: RegistryContext,
  projectId: string,
  id: string,
  input: TStopAbTestSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<AbTest> {
  const data = parseInput(ZStopAbTestSchema, input, 'A/B test decision');
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
      if (current.status !== 'running') {
        throw new RegistryError('conflict', `A/B test ${id} is not running (${current.status})`);
      }
      const winner = data.winner === null ? undefined : current.variants[data.winner];
      if (data.winner !== null && winner === undefined) {
        throw new RegistryError(
          'invalid',
          `Invalid A/B test decision: winner: no variant ${data.winner} (0–${current.variants.length - 1})`,
          { details: [{ path: ['winner'], message: 'no such variant' }] },
        );
      }
      const now = new Date();
      const decision: AbDecision = {
        winner: data.winner,
        winnerName: winner?.name ?? null,
        version: data.version,
        reason: data.reason ?? null,
        report: data.report,
        override: data.override ?? null,
        decidedBy: by,
        decidedAt: now.toISOString(),
      };
      const row = await tx.abTest.update({
        where: { id },
        data: {
          status: 'stopped',
          stoppedAt: now,
          decision: decision as unknown as Prisma.InputJsonObject,
        },
        include: abTestInclude,
      });
      await writeAuditLog(tx, {
        projectId,
        actor: by,
        action: 'ab_test.stop',
        entity: 'ab_test',
        entityId: id,
        details: {
          winner: decision.winnerName,
          version: decision.version,
          ...(decision.override ? { override: decision.override } : {}),
        },
      });
      return toAbTest(row);
    }),
  );
}
