import { createHash } from 'node:crypto';
import { writeAuditLog } from '../audit/write-audit-log.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import type { Prisma } from '../db/client.js';
import { isUniqueViolation, withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { requireProject } from '../projects/require-project.js';
import { parseInput } from '../validate.js';
import { toJob } from './job.mappers.js';
import { type TCreateJobSchema, ZCreateJobSchema } from './job.schemas.js';
import type { Job } from './job.types.js';

export const DEFAULT_JOB_MAX_ATTEMPTS = 3;

/** JSON with object keys sorted, so that the same request hashes the same however it was built. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Queues a job (status `queued`), with its audit entry, in one transaction. With an
 * `idempotencyKey`, a retry of the same request (same kind and input) in the project gets the
 * first job back, and the key with another request fails with `conflict`. `maxAttempts` (claims
 * allowed) defaults to 3, at most 10.
 */
export async function create(
  ctx: RegistryContext,
  // The schema checks that `input` is JSON; callers hold it as a plain record.
  input: Omit<TCreateJobSchema, 'input'> & { input: Record<string, unknown> },
): Promise<Job> {
  const data = parseInput(ZCreateJobSchema, input, 'job');
  const key = data.idempotencyKey;
  const requestSha256 =
    key === undefined
      ? null
      : (data.requestSha256 ??
        createHash('sha256')
          .update(canonicalJson({ kind: data.kind, input: data.input }))
          .digest('hex'));
  const earlier = async (): Promise<Job | null> =>
    key === undefined
      ? null
      : findByIdempotencyKey(ctx, data.projectId, key, requestSha256 as string);
  return withDbErrors(async () => {
    const replay = await earlier();
    if (replay !== null) return replay;
    try {
      return await ctx.db.$transaction(async (tx) => {
        await requireProject(tx, data.projectId);
        const row = await tx.job.create({
          data: {
            projectId: data.projectId,
            kind: data.kind,
            input: data.input as Prisma.InputJsonObject,
            maxAttempts: data.maxAttempts ?? DEFAULT_JOB_MAX_ATTEMPTS,
            createdBy: data.createdBy ?? null,
            idempotencyKey: key ?? null,
            requestSha256,
          },
        });
        await writeAuditLog(tx, {
          projectId: data.projectId,
          actor: data.createdBy ?? SYSTEM_ACTOR,
          action: 'job.create',
          entity: 'job',
          entityId: row.id,
          details: {
            kind: row.kind,
            maxAttempts: row.maxAttempts,
            ...(key === undefined ? {} : { idempotencyKey: key }),
          },
        });
        return toJob(row);
      });
    } catch (error) {
      // A concurrent request with the same key inserted first: answer as its retry would.
      const raced = isUniqueViolation(error) ? await earlier() : null;
      if (raced !== null) return raced;
      throw error;
    }
  });
}

/**
 * The job a request with this idempotency key created in the project, or `null`; `conflict` when
 * the key was used for another request (`requestSha256` differs).
 */
export async function findByIdempotencyKey(
  ctx: RegistryContext,
  projectId: string,
  key: string,
  requestSha256: string,
): Promise<Job | null> {
  const row = await withDbErrors(() =>
    ctx.db.job.findUnique({
      where: { projectId_idempotencyKey: { projectId, idempotencyKey: key } },
    }),
  );
  if (row === null) return null;
  if (row.requestSha256 !== requestSha256) {
    throw new RegistryError(
      'conflict',
      `Idempotency key "${key}" was already used in this project for another request (job ${row.id})`,
      { details: { idempotencyKey: key, jobId: row.id } },
    );
  }
  return toJob(row);
}
