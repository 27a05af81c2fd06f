import { randomBytes } from 'node:crypto';
import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import type { Prisma } from '../db/client.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { abTestInclude, normalizeWeights, toAbTest } from './ab-test.mappers.js';
import { type TCreateAbTestSchema, ZCreateAbTestSchema } from './ab-test.schemas.js';
import type { AbTest } from './ab-test.types.js';

/**
 * Creates an A/B test of a model's versions (a draft, or running with `start`): `not_found` when
 * the model, a variant's version or alias does not exist, `conflict` when the project already has
 * a test of that name. The salt defaults to 16 random bytes (hex).
 */
export async function create(
  ctx: RegistryContext,
  input: TCreateAbTestSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<AbTest> {
  const data = parseInput(ZCreateAbTestSchema, input, 'A/B test');
  const by = parseInput(ZActorSchema, actor, 'actor');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const model = await tx.registeredModel.findUnique({
        where: { projectId_name: { projectId: data.projectId, name: data.modelName } },
        select: { id: true },
      });
      if (model === null) {
        throw new RegistryError('not_found', `Model "${data.modelName}" does not exist`);
      }
      for (const [i, v] of data.variants.entries()) {
        if (v.version !== undefined) {
          const found = await tx.modelVersion.findUnique({
            where: { modelId_number: { modelId: model.id, number: v.version } },
            select: { id: true },
          });
          if (found === null) {
            throw new RegistryError(
              'not_found',
              `Version ${v.version} of model "${data.modelName}" does not exist (variants[${i}])`,
            );
          }
        } else if (v.alias !== undefined) {
          const found = await tx.modelAlias.findUnique({
            where: { modelId_name: { modelId: model.id, name: v.alias } },
            select: { versionId: true },
          });
          if (found?.versionId == null) {
            throw new RegistryError(
              'not_found',
              `Alias "${v.alias}" of model "${data.modelName}" does not point at a version (variants[${i}])`,
            );
          }
        }
      }
      const exists = await tx.abTest.findUnique({
        where: { projectId_name: { projectId: data.projectId, name: data.name } },
        select: { id: true },
      });
      if (exists !== null) {
        throw new RegistryError('conflict', `A/B test "${data.name}" already exists`);
      }
      const weights = normalizeWeights(data.variants.map((v) => v.weight));
      const now = new Date();
      const row = await tx.abTest.create({
        data: {
          projectId: data.projectId,
          modelId: model.id,
          name: data.name,
          description: data.description ?? null,
          unitType: data.unitType,
          salt: data.salt ?? randomBytes(16).toString('hex'),
          variants: data.variants.map((v, i) => ({
            name: v.name,
            version: v.version ?? null,
            alias: v.alias ?? null,
            weight: weights[i] as number,
          })),
          coverage: data.coverage,
          weightHistory: [{ at: now.toISOString(), weights }],
          metrics: data.metrics.map((m) => ({
            name: m.name,
            role: m.role,
            kind: m.kind,
            event: m.event,
            denominator: m.denominator ?? null,
            inverse: m.inverse,
          })),
          ...(data.plan
            ? {
                plan: {
                  baseline: data.plan.baseline,
                  mde: data.plan.mde,
                  power: data.plan.power,
                  alpha: data.plan.alpha,
                  dailyUnits: data.plan.dailyUnits ?? null,
                  result: (data.planResult ?? null) as Prisma.InputJsonValue,
                } as Prisma.InputJsonObject,
              }
            : {}),
          method: data.method,
          alpha: data.alpha,
          alias: data.alias ?? null,
          status: data.start ? 'running' : 'draft',
          ...(data.start ? { startedAt: now, phaseStartedAt: now } : {}),
          createdBy: data.createdBy ?? by,
        },
        include: abTestInclude,
      });
      await writeAuditLog(tx, {
        projectId: data.projectId,
        actor: by,
        action: 'ab_test.create',
        entity: 'ab_test',
        entityId: row.id,
        details: {
          model: data.modelName,
          name: data.name,
          variants: data.variants.map((v) => v.name),
          status: row.status,
        },
      });
      return toAbTest(row);
    }),
  );
}
