import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { parseInput } from '../validate.js';
import { type TGcArtifactsOptionsSchema, ZGcArtifactsOptionsSchema } from './artifact.schemas.js';
import type { GcArtifactsResult } from './artifact.types.js';
import type { ListedArtifact } from './artifact-store.js';

export const DEFAULT_GC_GRACE_MS = 24 * 60 * 60 * 1000;

// The sha256 columns are char(64): compare as bpchar so that their indexes serve the lookup.
const REFERENCED = `SELECT sha256::text AS sha256 FROM model_versions
   WHERE sha256 = ANY (string_to_array($1::text, ',')::bpchar[])
  UNION
  SELECT sha256::text FROM datasets
   WHERE sha256 = ANY (string_to_array($1::text, ',')::bpchar[])`;
const LOOKUP_BATCH = 1000;

/**
 * Deletes stored artifacts (version artifacts, dataset bytes) that no version and no dataset
 * references, if older than `graceMs` (default a day, at least a minute), plus leftover temporary
 * files; `dryRun` only reports. Audited.
 *
 * A registration writes its artifact before inserting the row that references it; the grace
 * period keeps such in-flight bytes (a write of content already stored renews the stored copy's
 * time). Each deletion re-checks the artifact's time just before deleting. The remaining window:
 * a registration that renews an old, unreferenced artifact and commits its row between that
 * re-check and the delete loses its bytes (reads then fail with `integrity`): run gc when
 * registrations are rare, or with a grace period longer than any registration.
 */
export async function gc(
  ctx: RegistryContext,
  options: TGcArtifactsOptionsSchema = {},
  actor: string = SYSTEM_ACTOR,
): Promise<GcArtifactsResult> {
  const { graceMs = DEFAULT_GC_GRACE_MS, dryRun = false } = parseInput(
    ZGcArtifactsOptionsSchema,
    options,
    'gc options',
  );
  const by = parseInput(ZActorSchema, actor, 'actor');
  const cutoff = new Date(Date.now() - graceMs);
  const old: ListedArtifact[] = [];
  let recent = 0;
  for await (const artifact of ctx.artifacts.list()) {
    if (artifact.modifiedAt < cutoff) old.push(artifact);
    else recent += 1;
  }
  const referenced = new Set<string>();
  for (let i = 0; i < old.length; i += LOOKUP_BATCH) {
    const batch = old.slice(i, i + LOOKUP_BATCH).map((a) => a.sha256);
    const rows = await withDbErrors(() =>
      ctx.db.$queryRawUnsafe<{ sha256: string }[]>(REFERENCED, batch.join(',')),
    );
    for (const row of rows) referenced.add(row.sha256);
  }
  const deleted: GcArtifactsResult['deleted'] = [];
  for (const artifact of old) {
    if (referenced.has(artifact.sha256)) continue;
    if (dryRun || (await ctx.artifacts.delete(artifact.storageKey, artifact.sha256, cutoff))) {
      deleted.push({
        storageKey: artifact.storageKey,
        sha256: artifact.sha256,
        sizeBytes: artifact.sizeBytes,
      });
    }
  }
  const temporaryFilesRemoved = dryRun ? 0 : await ctx.artifacts.removeStaleTemporaryFiles(cutoff);
  const bytesFreed = deleted.reduce((sum, a) => sum + a.sizeBytes, 0);
  if (!dryRun) {
    await withDbErrors(() =>
      ctx.db.$transaction((tx) =>
        writeAuditLog(tx, {
          projectId: null,
          actor: by,
          action: 'artifacts.gc',
          entity: 'artifact_store',
          entityId: 'artifacts',
          details: {
            graceMs,
            deleted: deleted.length,
            bytesFreed,
            sha256: deleted.slice(0, 100).map((a) => a.sha256),
            temporaryFilesRemoved,
          },
        }),
      ),
    );
  }
  return { deleted, bytesFreed, referenced: referenced.size, recent, temporaryFilesRemoved };
}
