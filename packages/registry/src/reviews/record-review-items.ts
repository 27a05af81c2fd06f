import type { RegistryContext } from '../context.js';
import { type BulkColumn, bulkInsert } from '../db/bulk-insert.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { MAX_REVIEW_ITEM_BATCH } from './review.schemas.js';
import type { ReviewItemInput } from './review.types.js';

// The item columns `record` fills, in the order `encode` lays each row's values out.
const COLUMNS: BulkColumn[] = [
  { name: 'project_id', type: 'uuid' },
  { name: 'model_id', type: 'uuid' },
  { name: 'version', type: 'int' },
  { name: 'request_id', type: 'text' },
  { name: 'row_index', type: 'int' },
  { name: 'features', type: 'jsonb' },
  { name: 'prediction', type: 'jsonb' },
  { name: 'confidence', type: 'float8' },
  { name: 'status', type: 'text' },
  { name: 'reviews_needed', type: 'int' },
  { name: 'audit', type: 'boolean' },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records a batch of predicted rows (up to 50 000) in one transaction (`bulkInsert`: COPY on
 * PostgreSQL): automated ones, and those queued for review. The API's buffered writer calls it off
 * the request path, so rows are checked here without zod: a bad row fails the whole batch with
 * `invalid`. Which rows are queued (and which need a double review) is the caller's decision under
 * the model's policy.
 */
export async function record(
  ctx: RegistryContext,
  rows: readonly ReviewItemInput[],
): Promise<{ count: number }> {
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > MAX_REVIEW_ITEM_BATCH) {
    throw new RegistryError(
      'invalid',
      `Invalid review items: record 1 to ${MAX_REVIEW_ITEM_BATCH} rows per batch`,
    );
  }
  const values = encode(rows);
  return withDbErrors(async () => ({
    count: await bulkInsert(ctx, { table: 'review_items', columns: COLUMNS, rows: values }),
  }));
}

const isLabel = (v: unknown) =>
  (typeof v === 'number' && Number.isFinite(v)) ||
  (typeof v === 'string' && v.length > 0 && v.length <= 256);

/** Checks each row and lays its values out in `COLUMNS` order. */
function encode(rows: readonly ReviewItemInput[]): unknown[][] {
  const out = new Array<unknown[]>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const r = rows[i] as ReviewItemInput;
    const bad = (what: string): never => {
      throw new RegistryError('invalid', `Invalid review items: rows[${i}].${what}`);
    };
    if (!UUID.test(r.projectId)) bad('projectId must be a UUID');
    if (!UUID.test(r.modelId)) bad('modelId must be a UUID');
    if (!(Number.isInteger(r.version) && r.version >= 1 && r.version <= 2 ** 31 - 1))
      bad('version must be a positive integer');
    if (typeof r.requestId !== 'string' || r.requestId.length < 1 || r.requestId.length > 128)
      bad('requestId must be 1–128 characters');
    if (!(Number.isInteger(r.rowIndex) && r.rowIndex >= 0 && r.rowIndex <= 2 ** 31 - 1))
      bad('rowIndex must be an integer ≥ 0');
    if (typeof r.features !== 'object' || r.features === null || Array.isArray(r.features))
      bad('features must be an object of feature values by name');
    for (const [name, value] of Object.entries(r.features)) {
      if (!(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))))
        bad(`features.${name} must be a finite number or a string`);
    }
    if (!isLabel(r.prediction))
      bad('prediction must be a finite number or a 1–256 character string');
    if (!(typeof r.confidence === 'number' && r.confidence >= 0 && r.confidence <= 1))
      bad('confidence must be a number in [0, 1]');
    if (r.status !== 'automated' && r.status !== 'pending')
      bad("status must be 'automated' or 'pending'");
    const needed = r.status === 'automated' ? 0 : r.reviewsNeeded;
    if (r.status === 'pending' && needed !== 1 && needed !== 2)
      bad('reviewsNeeded must be 1 or 2 for a queued item');
    if (typeof r.audit !== 'boolean') bad('audit must be a boolean');
    out[i] = [
      r.projectId,
      r.modelId,
      r.version,
      r.requestId,
      r.rowIndex,
      // Feature names are free text from the caller: the NUL character cannot be stored in jsonb.
      JSON.parse(JSON.stringify(r.features).replaceAll('\\u0000', '\\uFFFD')),
      typeof r.prediction === 'string' ? r.prediction.replaceAll('\u0000', '\uFFFD') : r.prediction,
      r.confidence,
      r.status,
      needed,
      r.audit,
    ];
  }
  return out;
}
