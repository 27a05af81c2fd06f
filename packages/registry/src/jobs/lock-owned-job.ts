import { ZIdSchema } from '../common.js';
import type { Tx } from '../db/client.js';
import { RegistryError } from '../errors.js';
import { JOB_COLUMNS, type JobRow } from './job.mappers.js';

const LOCK_JOB = `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1::uuid FOR UPDATE`;

/**
 * Locks a job row for the rest of the transaction and checks that `attempt` owns it: the job is
 * running and no later claim has happened. Two attempts racing to record an outcome serialise on
 * the lock; the second finds the job no longer running (or owned by another attempt): `conflict`.
 */
export async function lockOwnedJob(
  tx: Tx,
  id: string,
  attempt: number,
  doing: string,
): Promise<JobRow> {
  const [row] = ZIdSchema.safeParse(id).success
    ? await tx.$queryRawUnsafe<JobRow[]>(LOCK_JOB, id)
    : [];
  if (row === undefined) throw new RegistryError('not_found', `Job ${id} does not exist`);
  if (row.status !== 'running') {
    throw new RegistryError(
      'conflict',
      `Attempt ${attempt} cannot ${doing} job ${id}: the job is ${row.status}, not running`,
      { details: { status: row.status, attempts: row.attempts } },
    );
  }
  if (row.attempts !== attempt) {
    throw new RegistryError(
      'conflict',
      `Attempt ${attempt} cannot ${doing} job ${id}: attempt ${row.attempts} has claimed it since`,
      { details: { status: row.status, attempts: row.attempts } },
    );
  }
  return row;
}
