import type { ArtifactSource } from '../artifacts/artifact-store.js';
import { writeAuditLog } from '../audit/write-audit-log.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { Prisma } from '../db/client.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { toModelVersion } from './version.mappers.js';
import { type TCreateVersionSchema, ZCreateVersionSchema } from './version.schemas.js';
import type { ModelVersion } from './version.types.js';

export interface CreateVersionInput extends TCreateVersionSchema {
  /** The artifact's bytes, whole or as a stream of chunks. */
  artifact: ArtifactSource;
}

/**
 * Adds the next version to a model.
 *
 * 1. The artifact is streamed to the content-addressed store (temporary file, fsync, rename once
 *    the checksum is known); a mismatch with `expectedSha256` fails with `invalid` before any row
 *    exists.
 * 2. One transaction then increments the model's version counter (the row lock serialises
 *    concurrent creates, so numbers never collide), inserts the version and its audit entry.
 *
 * A failure between 1 and 2 leaves at most an unreferenced blob, never a version row.
 *
 * `sourceRunId` must name a run of the same project (checked before the artifact is written,
 * and the run row is locked by the FK check at insert time).
 */
export async function create(
  ctx: RegistryContext,
  input: CreateVersionInput,
): Promise<ModelVersion> {
  const { artifact, ...meta } = input;
  const data = parseInput(ZCreateVersionSchema, meta, 'model version');
  const model = await withDbErrors(() =>
    ctx.db.registeredModel.findUnique({
      where: { projectId_name: { projectId: data.projectId, name: data.modelName } },
      select: { id: true },
    }),
  );
  if (model === null) {
    throw new RegistryError(
      'not_found',
      `Model "${data.modelName}" does not exist in project ${data.projectId}`,
    );
  }
  if (data.sourceRunId !== undefined) {
    const sourceRunId = data.sourceRunId;
    const run = await withDbErrors(() =>
      ctx.db.run.findUnique({
        where: { id: sourceRunId },
        select: { experiment: { select: { projectId: true } } },
      }),
    );
    if (run === null) throw new RegistryError('not_found', `Run ${sourceRunId} does not exist`);
    if (run.experiment.projectId !== data.projectId) {
      throw new RegistryError(
        'invalid',
        `Invalid model version: sourceRunId ${sourceRunId} is a run of another project`,
      );
    }
  }
  const stored = await ctx.artifacts.put(artifact, { expectedSha256: data.expectedSha256 });
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const counter = await tx.registeredModel.update({
        where: { id: model.id },
        data: { lastVersionNumber: { increment: 1 } },
        select: { lastVersionNumber: true, projectId: true, name: true },
      });
      const row = await tx.modelVersion.create({
        data: {
          modelId: model.id,
          number: counter.lastVersionNumber,
          format: data.format,
          sha256: stored.sha256,
          sizeBytes: BigInt(stored.sizeBytes),
          storageKey: stored.storageKey,
          description: data.description ?? null,
          tags: data.tags ?? {},
          sourceRunId: data.sourceRunId ?? null,
          inputSignature: data.inputSignature ?? Prisma.DbNull,
          outputSignature: data.outputSignature ?? Prisma.DbNull,
          createdBy: data.createdBy ?? null,
        },
      });
      await writeAuditLog(tx, {
        projectId: counter.projectId,
        actor: data.createdBy ?? SYSTEM_ACTOR,
        action: 'model_version.create',
        entity: 'model_version',
        entityId: row.id,
        details: {
          model: counter.name,
          number: row.number,
          format: row.format,
          sha256: row.sha256,
          sizeBytes: stored.sizeBytes,
          sourceRunId: row.sourceRunId,
        },
      });
      return toModelVersion(row, counter);
    }),
  );
}
