import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { MAX_AB_ASSIGN_BATCH } from './ab-test.schemas.js';
import type { AbAssignment } from './ab-test.types.js';

// One statement per batch: the units' first exposures are inserted (a unit already exposed keeps
// its row: the primary key), and each unit answers its stored variant, else the one just written,
// else (a concurrent first exposure of the same unit, invisible to this snapshot) the proposed
// one, which is the same hash of the same salt and weights. Only a running test records.
const ASSIGN = `WITH t AS (
    SELECT status FROM ab_tests WHERE id = $1::uuid
  ), input AS (
    SELECT u.unit_id, u.variant, u.ord
      FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS u(unit_id, variant, ord)
  ), ins AS (
    INSERT INTO ab_exposures (ab_test_id, unit_id, variant, "at")
    SELECT $1::uuid, i.unit_id, i.variant, now() FROM input i
     WHERE i.variant >= 0 AND EXISTS (SELECT 1 FROM t WHERE t.status = 'running')
    ON CONFLICT DO NOTHING
    RETURNING unit_id, variant
  )
  SELECT i.unit_id, COALESCE(x.variant, ins.variant, i.variant) AS variant,
         (ins.unit_id IS NOT NULL) AS first, (SELECT status::text FROM t) AS status
    FROM input i
    LEFT JOIN ab_exposures x ON x.ab_test_id = $1::uuid AND x.unit_id = i.unit_id
    LEFT JOIN ins ON ins.unit_id = i.unit_id
   ORDER BY i.ord`;

interface AssignRow {
  unit_id: string;
  variant: number;
  first: boolean;
  status: string | null;
}

/**
 * Records the first exposure of each unit of a running test and answers every unit's variant:
 * the stored one for a unit seen before (sticky across ramp-ups and restarts), else the proposed
 * one (the caller's hash under the current weights). A proposed variant of -1 (the holdout, or
 * outside coverage) is answered as is and not recorded. Up to 10 000 units; a unit id repeated in
 * the batch is recorded once. `not_found` for no such test, `conflict` unless it is running.
 */
export async function assign(
  ctx: RegistryContext,
  abTestId: string,
  units: readonly { unitId: string; variant: number }[],
): Promise<AbAssignment[]> {
  if (!ZIdSchema.safeParse(abTestId).success) {
    throw new RegistryError('not_found', `A/B test ${abTestId} does not exist`);
  }
  if (!Array.isArray(units) || units.length === 0 || units.length > MAX_AB_ASSIGN_BATCH) {
    throw new RegistryError(
      'invalid',
      `Invalid assignment: send 1 to ${MAX_AB_ASSIGN_BATCH} units per batch`,
    );
  }
  const ids: string[] = [];
  const variants: number[] = [];
  const firstIndex = new Map<string, number>();
  for (let i = 0; i < units.length; i += 1) {
    const u = units[i] as { unitId: unknown; variant: unknown };
    if (typeof u.unitId !== 'string' || u.unitId.length < 1 || u.unitId.length > 256) {
      throw new RegistryError(
        'invalid',
        `Invalid assignment: units[${i}].unitId must be 1–256 characters`,
      );
    }
    if (!Number.isInteger(u.variant) || (u.variant as number) < -1) {
      throw new RegistryError(
        'invalid',
        `Invalid assignment: units[${i}].variant must be an integer ≥ -1`,
      );
    }
    if (firstIndex.has(u.unitId)) continue;
    firstIndex.set(u.unitId, i);
    ids.push(u.unitId);
    variants.push(u.variant as number);
  }
  const rows = await withDbErrors(() =>
    ctx.db.$queryRawUnsafe<AssignRow[]>(ASSIGN, abTestId, ids, variants),
  );
  const status = rows[0]?.status ?? null;
  if (status === null) throw new RegistryError('not_found', `A/B test ${abTestId} does not exist`);
  if (status !== 'running') {
    throw new RegistryError('conflict', `A/B test ${abTestId} is not running (${status})`);
  }
  const byUnit = new Map<string, AbAssignment>();
  for (const r of rows) {
    byUnit.set(r.unit_id, { unitId: r.unit_id, variant: Number(r.variant), first: r.first });
  }
  return units.map((u, i) => {
    const a = byUnit.get(u.unitId) as AbAssignment;
    // A repeated unit id answers its variant again, not a second first exposure.
    return a.first && firstIndex.get(u.unitId) !== i ? { ...a, first: false } : a;
  });
}
