import type { ArtifactSource } from '../artifacts/artifact-store.js';
import { writeAuditLog } from '../audit/write-audit-log.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { requireProject } from '../projects/require-project.js';
import { parseInput } from '../validate.js';
import { toDataset } from './dataset.mappers.js';
import { type TCreateDatasetMetaSchema, ZCreateDatasetMetaSchema } from './dataset.schemas.js';
import type { Dataset } from './dataset.types.js';

export interface CreateDatasetInput extends TCreateDatasetMetaSchema {
  /** The dataset's bytes, whole or as a stream of chunks. */
  artifact: ArtifactSource;
}

/**
 * Stores a dataset: the bytes first, in the content-addressed artifact store (checked against
 * `expectedSha256`), then the row and its audit entry in one transaction. As with versions, a
 * failure in between leaves at most an unreferenced blob, never a row without its bytes.
 */
export async function create(ctx: RegistryContext, input: CreateDatasetInput): Promise<Dataset> {
  const { artifact, ...meta } = input;
  const data = parseInput(ZCreateDatasetMetaSchema, meta, 'dataset');
  await withDbErrors(() => requireProject(ctx.db, data.projectId));
  const stored = await ctx.artifacts.put(artifact, { expectedSha256: data.expectedSha256 });
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const row = await tx.dataset.create({
        data: {
          projectId: data.projectId,
          name: data.name ?? null,
          format: data.format,
          sha256: stored.sha256,
          sizeBytes: BigInt(stored.sizeBytes),
          storageKey: stored.storageKey,
          rows: BigInt(data.rows),
          columns: data.columns,
          createdBy: data.createdBy ?? null,
        },
      });
      await writeAuditLog(tx, {
        projectId: data.projectId,
        actor: data.createdBy ?? SYSTEM_ACTOR,
        action: 'dataset.create',
        entity: 'dataset',
        entityId: row.id,
        details: {
          name: row.name,
          format: row.format,
          sha256: row.sha256,
          sizeBytes: stored.sizeBytes,
          rows: data.rows,
        },
      });
      return toDataset(row);
    }),
  );
}
