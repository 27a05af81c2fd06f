import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema, ZIdSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { shadowTestInclude, toShadowTest } from './shadow-test.mappers.js';
import type { ShadowTest } from './shadow-test.types.js';

/**
 * Stops a running shadow test early (`stopped`). `conflict` when it has already ended (stopped,
 * or completed by its time or count), `not_found` when no such test is in the project.
 */
export async function stop(
  ctx: RegistryContext,
  projectId: string,
  id: string,
  actor: string = SYSTEM_ACTOR,
): Promise<ShadowTest> {
  const by = parseInput(ZActorSchema, actor, 'actor');
  const notFound = new RegistryError('not_found', `Shadow test ${id} does not exist`);
  if (!ZIdSchema.safeParse(projectId).success || !ZIdSchema.safeParse(id).success) throw notFound;
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const locked = await tx.$queryRawUnsafe<{ id: string }[]>(
        'SELECT id FROM shadow_tests WHERE id = $1::uuid AND project_id = $2::uuid FOR UPDATE',
        id,
        projectId,
      );
      if (locked.length === 0) throw notFound;
      const current = await tx.shadowTest.findUniqueOrThrow({
        where: { id },
        include: shadowTestInclude,
      });
      const seen = toShadowTest(current);
      if (seen.status !== 'running') {
        throw new RegistryError('conflict', `Shadow test ${id} has already ended (${seen.status})`);
      }
      const row = await tx.shadowTest.update({
        where: { id },
        data: { status: 'stopped', endedAt: new Date() },
        include: shadowTestInclude,
      });
      await writeAuditLog(tx, {
        projectId,
        actor: by,
        action: 'shadow_test.stop',
        entity: 'shadow_test',
        entityId: id,
        details: { mirrored: row.mirrored },
      });
      return toShadowTest(row);
    }),
  );
}
