import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { type TSetLogPolicySchema, ZSetLogPolicySchema } from './prediction-log.schemas.js';
import type { LogPolicy } from './prediction-log.types.js';

/** Sets whether a model's prediction log keeps the inputs (audited). */
export async function setPolicy(
  ctx: RegistryContext,
  input: TSetLogPolicySchema,
  actor: string = SYSTEM_ACTOR,
): Promise<LogPolicy> {
  const data = parseInput(ZSetLogPolicySchema, input, 'prediction log policy');
  const by = parseInput(ZActorSchema, actor, 'actor');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const found = await tx.registeredModel.findUnique({
        where: { projectId_name: { projectId: data.projectId, name: data.modelName } },
        select: { id: true },
      });
      if (found === null)
        throw new RegistryError('not_found', `Model "${data.modelName}" does not exist`);
      await tx.registeredModel.update({
        where: { id: found.id },
        data: { logInputs: data.logInputs },
      });
      await writeAuditLog(tx, {
        projectId: data.projectId,
        actor: by,
        action: 'model.log_policy',
        entity: 'model',
        entityId: found.id,
        details: { logInputs: data.logInputs },
      });
      return { modelName: data.modelName, logInputs: data.logInputs };
    }),
  );
}
