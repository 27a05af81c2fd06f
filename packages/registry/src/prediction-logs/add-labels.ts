import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { type TSendLabelsSchema, ZSendLabelsSchema } from './prediction-log.schemas.js';
import type { LabelsResult } from './prediction-log.types.js';

const INSERT = `INSERT INTO prediction_labels (model_id, request_id, project_id, label)
  SELECT DISTINCT ON (p.r) $1::uuid, p.r, $2::uuid, p.l
    FROM json_to_recordset($3::json) AS p(r text, l jsonb)
  ON CONFLICT (model_id, request_id) DO NOTHING
  RETURNING request_id`;
const DIFFERING = `SELECT p.r FROM json_to_recordset($2::json) AS p(r text, l jsonb)
  JOIN prediction_labels x ON x.model_id = $1::uuid AND x.request_id = p.r
 WHERE x.label <> p.l LIMIT 20`;

/**
 * Stores labels by request id for a model, in one transaction. Idempotent: a request already
 * labelled with the same value is counted `unchanged` (a retried batch stores nothing again);
 * one labelled with another value makes the whole batch a `conflict` naming it. A single value is
 * stored as a one-row label. Labels may arrive before the prediction's log row is written.
 */
export async function addLabels(
  ctx: RegistryContext,
  input: TSendLabelsSchema,
): Promise<LabelsResult> {
  const data = parseInput(ZSendLabelsSchema, input, 'labels');
  const json = JSON.stringify(
    data.labels.map((l) => ({ r: l.requestId, l: Array.isArray(l.label) ? l.label : [l.label] })),
  );
  const distinct = new Set(data.labels.map((l) => l.requestId)).size;
  const notFound = new RegistryError('not_found', `Model "${data.modelName}" does not exist`);
  if (!ZIdSchema.safeParse(data.projectId).success) throw notFound;
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const model = await tx.registeredModel.findUnique({
        where: { projectId_name: { projectId: data.projectId, name: data.modelName } },
        select: { id: true },
      });
      if (model === null) throw notFound;
      const inserted = await tx.$queryRawUnsafe<{ request_id: string }[]>(
        INSERT,
        model.id,
        data.projectId,
        json,
      );
      if (inserted.length < distinct) {
        const differing = await tx.$queryRawUnsafe<{ r: string }[]>(DIFFERING, model.id, json);
        if (differing.length > 0) {
          throw new RegistryError(
            'conflict',
            `Requests already labelled with a different value: ${differing.map((d) => d.r).join(', ')} (a label is written once)`,
            { details: { requestIds: differing.map((d) => d.r) } },
          );
        }
      }
      return {
        received: data.labels.length,
        stored: inserted.length,
        unchanged: distinct - inserted.length,
      };
    }),
  );
}
