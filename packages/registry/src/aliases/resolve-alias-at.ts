import { ZIdSchema, ZInstantSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { parseInput } from '../validate.js';
import { toModelVersion } from '../versions/version.mappers.js';
import type { ModelVersion } from '../versions/version.types.js';
import { ZAliasNameSchema } from './alias.schemas.js';

/**
 * Which version held `alias` at instant `at`: the target of the alias's last ledger entry at or
 * before `at`; `null` if the alias did not exist yet or had been removed then.
 */
export async function resolveAt(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  alias: string,
  at: Date | string,
): Promise<ModelVersion | null> {
  const instant = new Date(parseInput(ZInstantSchema, at, 'instant'));
  if (Number.isNaN(instant.getTime()))
    throw new RegistryError('invalid', 'Invalid instant: not a date');
  if (
    !ZIdSchema.safeParse(projectId).success ||
    !ZModelNameSchema.safeParse(modelName).success ||
    !ZAliasNameSchema.safeParse(alias).success
  ) {
    return null;
  }
  const event = await withDbErrors(() =>
    ctx.db.modelAliasEvent.findFirst({
      where: { alias, at: { lte: instant }, model: { projectId, name: modelName } },
      orderBy: [{ at: 'desc' }, { revision: 'desc' }],
      include: { toVersion: true, model: { select: { projectId: true, name: true } } },
    }),
  );
  if (event?.toVersion == null) return null;
  return toModelVersion(event.toVersion, event.model);
}
