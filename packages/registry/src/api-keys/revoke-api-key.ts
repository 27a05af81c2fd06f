import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema, ZIdSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';

/** Revokes a key (idempotent: revoking a revoked key keeps its first revocation time). */
export async function revoke(
  ctx: RegistryContext,
  id: string,
  actor: string = SYSTEM_ACTOR,
): Promise<void> {
  const by = parseInput(ZActorSchema, actor, 'actor');
  if (!ZIdSchema.safeParse(id).success)
    throw new RegistryError('not_found', `API key ${id} does not exist`);
  await withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const row = await tx.apiKey.findUnique({ where: { id } });
      if (row === null) throw new RegistryError('not_found', `API key ${id} does not exist`);
      if (row.revokedAt !== null) return;
      await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
      await writeAuditLog(tx, {
        projectId: row.projectId,
        actor: by,
        action: 'api_key.revoke',
        entity: 'api_key',
        entityId: id,
        details: { prefix: row.prefix },
      });
    }),
  );
}
