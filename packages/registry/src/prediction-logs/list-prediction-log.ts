import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { parseInput } from '../validate.js';
import { toPredictionLogEntry } from './prediction-log.mappers.js';
import {
  type TListPredictionLogSchema,
  ZListPredictionLogSchema,
} from './prediction-log.schemas.js';
import type { PredictionLogEntry } from './prediction-log.types.js';

/** A model's prediction log, newest first: one request's rows, or one shadow test's. */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  filter: TListPredictionLogSchema = {},
): Promise<PredictionLogEntry[]> {
  const { requestId, shadowTestId, limit } = parseInput(
    ZListPredictionLogSchema,
    filter,
    'prediction log filter',
  );
  const notFound = new RegistryError('not_found', `Model "${modelName}" does not exist`);
  if (!ZIdSchema.safeParse(projectId).success || !ZModelNameSchema.safeParse(modelName).success)
    throw notFound;
  return withDbErrors(async () => {
    const model = await ctx.db.registeredModel.findUnique({
      where: { projectId_name: { projectId, name: modelName } },
      select: { id: true },
    });
    if (model === null) throw notFound;
    const rows = await ctx.db.predictionLog.findMany({
      where: {
        modelId: model.id,
        ...(requestId === undefined ? {} : { requestId }),
        ...(shadowTestId === undefined ? {} : { shadowTestId }),
      },
      orderBy: { id: 'desc' },
      take: limit ?? 100,
    });
    return rows.map(toPredictionLogEntry);
  });
}
