import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import type { Prisma } from '../db/client.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { shadowTestInclude, toShadowTest } from './shadow-test.mappers.js';
import { type TStartShadowTestSchema, ZStartShadowTestSchema } from './shadow-test.schemas.js';
import type { ShadowTest } from './shadow-test.types.js';

/**
 * Starts a shadow test on an alias that points at a version: `not_found` when the model, the
 * alias or the candidate version does not exist, `conflict` while another test runs on the same
 * alias (the alias row is locked, so two concurrent starts cannot both pass), `invalid` for an
 * end in the past.
 */
export async function start(
  ctx: RegistryContext,
  input: TStartShadowTestSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<ShadowTest> {
  const data = parseInput(ZStartShadowTestSchema, input, 'shadow test');
  const by = parseInput(ZActorSchema, actor, 'actor');
  const endsAt = data.endsAt === undefined ? null : new Date(data.endsAt);
  if (endsAt !== null && endsAt.getTime() <= Date.now()) {
    throw new RegistryError('invalid', 'Invalid shadow test: endsAt must be in the future', {
      details: [{ path: ['endsAt'], message: 'endsAt must be in the future' }],
    });
  }
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const model = await tx.registeredModel.findUnique({
        where: { projectId_name: { projectId: data.projectId, name: data.modelName } },
        select: { id: true },
      });
      if (model === null) {
        throw new RegistryError('not_found', `Model "${data.modelName}" does not exist`);
      }
      const locked = await tx.$queryRawUnsafe<{ version_id: string | null }[]>(
        'SELECT version_id FROM model_aliases WHERE model_id = $1::uuid AND name = $2 FOR UPDATE',
        model.id,
        data.alias,
      );
      if (locked[0]?.version_id == null) {
        throw new RegistryError(
          'not_found',
          `Alias "${data.alias}" of model "${data.modelName}" does not point at a version`,
        );
      }
      let candidateVersionId: string | null = null;
      if ('version' in data.candidate) {
        const version = await tx.modelVersion.findUnique({
          where: { modelId_number: { modelId: model.id, number: data.candidate.version } },
          select: { id: true },
        });
        if (version === null) {
          throw new RegistryError(
            'not_found',
            `Version ${data.candidate.version} of model "${data.modelName}" does not exist`,
          );
        }
        candidateVersionId = version.id;
      }
      const running = await tx.shadowTest.findMany({
        where: { modelId: model.id, alias: data.alias, status: 'running' },
        select: { id: true, endsAt: true },
      });
      const live = running.filter((t) => t.endsAt === null || t.endsAt > new Date());
      if (live.length > 0) {
        throw new RegistryError(
          'conflict',
          `Shadow test ${live[0]?.id} is already running on alias "${data.alias}"; stop it first`,
          { details: { running: live.map((t) => t.id) } },
        );
      }
      const row = await tx.shadowTest.create({
        data: {
          projectId: data.projectId,
          modelId: model.id,
          alias: data.alias,
          candidateVersionId,
          ...('remote' in data.candidate
            ? { candidateRemote: data.candidate.remote as Prisma.InputJsonObject }
            : {}),
          sampleFraction: data.sampleFraction,
          endsAt,
          maxRequests: data.maxRequests ?? null,
          createdBy: data.createdBy ?? by,
        },
        include: shadowTestInclude,
      });
      await writeAuditLog(tx, {
        projectId: data.projectId,
        actor: by,
        action: 'shadow_test.start',
        entity: 'shadow_test',
        entityId: row.id,
        details: {
          model: data.modelName,
          alias: data.alias,
          candidate:
            'version' in data.candidate
              ? { version: data.candidate.version }
              : { remote: data.candidate.remote.url },
          sampleFraction: data.sampleFraction,
        },
      });
      return toShadowTest(row);
    }),
  );
}
