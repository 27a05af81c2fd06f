import { findModelOrThrow } from '../aliases/find-model.js';
import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import type { Prisma } from '../db/client.js';
import { mapDbError } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { gatePolicyInclude, toGatePolicy } from './gate.mappers.js';
import { type TPutGatePolicySchema, ZPutGatePolicySchema } from './gate.schemas.js';
import type { GatePolicy } from './gate.types.js';

/** The significance level of a policy that names none. */
export const DEFAULT_GATE_ALPHA = 0.05;

/**
 * Writes the next version of the gate policy guarding `alias` of a model (version 1 when the alias
 * has none): versions are immutable, so a gate report keeps meaning what it checked. With
 * `expectedVersion`, fails with `conflict` unless the current version is still that one (0: none).
 * The reference dataset must be a stored dataset of the project.
 */
export async function put(
  ctx: RegistryContext,
  input: TPutGatePolicySchema,
  actor: string = SYSTEM_ACTOR,
): Promise<GatePolicy> {
  const data = parseInput(ZPutGatePolicySchema, input, 'gate policy');
  const by = parseInput(ZActorSchema, data.createdBy ?? actor, 'actor');
  try {
    return await ctx.db.$transaction(async (tx) => {
      const model = await findModelOrThrow(tx, data.projectId, data.modelName);
      const dataset = await tx.dataset.findFirst({
        where: { id: data.datasetId, projectId: data.projectId },
        select: { id: true },
      });
      if (dataset === null) {
        throw new RegistryError(
          'not_found',
          `Dataset ${data.datasetId} does not exist in project ${data.projectId}`,
        );
      }
      const current = await tx.gatePolicy.findFirst({
        where: { modelId: model.id, alias: data.alias },
        orderBy: { version: 'desc' },
        select: { version: true },
      });
      const currentVersion = current?.version ?? 0;
      if (data.expectedVersion !== undefined && data.expectedVersion !== currentVersion) {
        throw new RegistryError(
          'conflict',
          `The gate policy of alias "${data.alias}" of model "${model.name}" is at version ${currentVersion}, not ${data.expectedVersion}: read it again and retry`,
        );
      }
      const row = await tx.gatePolicy.create({
        data: {
          projectId: model.projectId,
          modelId: model.id,
          alias: data.alias,
          version: currentVersion + 1,
          datasetId: data.datasetId,
          target: data.target,
          features: (data.features ?? undefined) as Prisma.InputJsonArray | undefined,
          confidence: (data.confidence ?? undefined) as Prisma.InputJsonObject | undefined,
          alpha: data.alpha ?? DEFAULT_GATE_ALPHA,
          checks: data.checks as Prisma.InputJsonArray,
          description: data.description ?? null,
          createdBy: by,
        },
        include: gatePolicyInclude,
      });
      await writeAuditLog(tx, {
        projectId: model.projectId,
        actor: by,
        action: 'gate_policy.put',
        entity: 'gate_policy',
        entityId: row.id,
        details: { model: model.name, alias: data.alias, version: row.version },
      });
      return toGatePolicy(row);
    });
  } catch (error) {
    throw mapDbError(error, {
      conflict: `The gate policy of alias "${data.alias}" was updated concurrently; read it again and retry`,
    });
  }
}
