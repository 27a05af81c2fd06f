import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { type AbEventInput, MAX_AB_EVENT_BATCH } from './ab-test.schemas.js';

// One statement per batch. The batch's key is inserted first (nothing when it is already there:
// a retry), and the events only when it was: a retried batch is stored once, even when two copies
// race (the second waits on the key's row). The rows arrive as five typed arrays, one per column,
// read by unnest, each sent as one array literal (text): through Prisma, binding JavaScript arrays
// took 2.3x the time of the same arrays as literals on 10,000-row batches (Prisma converts each
// element). What bounds the statement is the table's indexes (see the schema's note on ab_events):
// bench/abtest-api.bench.mjs compares this with raw pg running the same INSERT.
const APPEND = `WITH t AS (
    SELECT status FROM ab_tests WHERE id = $1::uuid
  ), b AS (
    INSERT INTO ab_event_batches (ab_test_id, key, count)
    SELECT $1::uuid, $2, $3 WHERE EXISTS (SELECT 1 FROM t WHERE t.status <> 'draft')
    ON CONFLICT DO NOTHING
    RETURNING 1
  ), ins AS (
    INSERT INTO ab_events (ab_test_id, unit_id, event, value, "at", pre)
    SELECT $1::uuid, e.u, e.n, e.v, to_timestamp(e.t / 1000.0), e.p
      FROM unnest($4::text[], $5::text[], $6::float8[], $7::float8[], $8::float8[]) AS e(u, n, v, t, p)
     WHERE EXISTS (SELECT 1 FROM b)
    RETURNING 1
  )
  SELECT (SELECT status::text FROM t) AS status, (SELECT count(*)::int FROM ins) AS stored,
         EXISTS (SELECT 1 FROM b) AS fresh`;

const EVENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Appends a batch of outcome events (up to 10 000) in one statement, once per `key`: a retried
 * batch stores nothing and answers `duplicate: true`. Events are checked here without zod (unit
 * ids, event names, finite values, instants): a bad event fails the whole batch with `invalid`
 * naming it. `not_found` for no such test, `conflict` for a draft.
 */
export async function appendEvents(
  ctx: RegistryContext,
  abTestId: string,
  key: string,
  events: readonly AbEventInput[],
): Promise<{ stored: number; duplicate: boolean }> {
  if (!ZIdSchema.safeParse(abTestId).success) {
    throw new RegistryError('not_found', `A/B test ${abTestId} does not exist`);
  }
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new RegistryError(
      'invalid',
      'Invalid events: the batch key must be 1–200 printable ASCII characters without spaces',
    );
  }
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_AB_EVENT_BATCH) {
    throw new RegistryError(
      'invalid',
      `Invalid events: send 1 to ${MAX_AB_EVENT_BATCH} events per batch`,
    );
  }
  const n = events.length;
  const units = new Array<string>(n);
  const names = new Array<string>(n);
  const values = new Array<string>(n);
  const times = new Array<string>(n);
  const pres = new Array<string>(n);
  const now = Date.now();
  for (let i = 0; i < n; i += 1) {
    const e = events[i] as AbEventInput;
    const bad = (what: string): never => {
      throw new RegistryError('invalid', `Invalid events: events[${i}].${what}`, {
        details: [{ path: ['events', String(i)], message: what }],
      });
    };
    if (typeof e !== 'object' || e === null) bad('must be an object');
    if (typeof e.unitId !== 'string' || e.unitId.length < 1 || e.unitId.length > 256)
      bad('unitId must be 1–256 characters');
    if (e.unitId.includes('\u0000')) bad('unitId must not contain NUL');
    if (typeof e.event !== 'string' || !EVENT_NAME.test(e.event))
      bad('event must be 1–128 characters of letters, digits, ".", "_" and "-"');
    const value = e.value ?? 1;
    if (typeof value !== 'number' || !Number.isFinite(value)) bad('value must be a finite number');
    let at = now;
    if (e.at != null) {
      at = e.at instanceof Date ? e.at.getTime() : Date.parse(e.at);
      if (!Number.isFinite(at)) bad('at must be an ISO-8601 instant');
    }
    const pre = e.pre ?? null;
    if (pre !== null && (typeof pre !== 'number' || !Number.isFinite(pre)))
      bad('pre must be a finite number');
    units[i] = quote(e.unitId);
    names[i] = e.event; // letters, digits, ".", "_", "-": nothing to quote
    values[i] = String(value);
    times[i] = String(at);
    pres[i] = pre === null ? 'NULL' : String(pre);
  }
  const [row] = await withDbErrors(() =>
    ctx.db.$queryRawUnsafe<{ status: string | null; stored: number; fresh: boolean }[]>(
      APPEND,
      abTestId,
      key,
      n,
      `{${units.join(',')}}`,
      `{${names.join(',')}}`,
      `{${values.join(',')}}`,
      `{${times.join(',')}}`,
      `{${pres.join(',')}}`,
    ),
  );
  if (row?.status == null)
    throw new RegistryError('not_found', `A/B test ${abTestId} does not exist`);
  if (row.status === 'draft') {
    throw new RegistryError(
      'conflict',
      `A/B test ${abTestId} is a draft: start it before sending events`,
    );
  }
  return { stored: row.stored, duplicate: !row.fresh };
}

/** A text element of an array literal: double-quoted, with `"` and `\\` escaped. */
function quote(text: string): string {
  return `"${text.replace(/["\\]/g, '\\$&')}"`;
}
