import type { Job as JobRow } from '../generated/prisma/client.js';
import type { Job, JobKind } from './job.types.js';

/**
 * The jobs columns under the Prisma model's field names, for raw statements (claims, row locks):
 * their rows then map through `toJob` like the client's.
 */
export const JOB_COLUMNS = `id, project_id AS "projectId", kind, status::text AS status, input,
  progress_fraction AS "progressFraction", progress_message AS "progressMessage", result, error,
  evaluation_id AS "evaluationId", attempts, max_attempts AS "maxAttempts",
  cancel_requested AS "cancelRequested", worker_id AS "workerId", lease_until AS "leaseUntil",
  created_by AS "createdBy", created_at AS "createdAt", started_at AS "startedAt",
  finished_at AS "finishedAt", updated_at AS "updatedAt"`;

export type { JobRow };

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    projectId: row.projectId,
    // Written only after validation with ZJobKindSchema (a kind this build does not know is still
    // returned as stored: rows outlive builds).
    kind: row.kind as JobKind,
    status: row.status,
    input: json(row.input) as Record<string, unknown>,
    progress: { fraction: row.progressFraction, message: row.progressMessage },
    result: json(row.result) as Record<string, unknown> | null,
    error: json(row.error) as Job['error'],
    evaluationId: row.evaluationId,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    cancelRequested: row.cancelRequested,
    workerId: row.workerId,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function json(value: unknown): unknown {
  return value ?? null;
}
