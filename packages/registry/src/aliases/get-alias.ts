import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { aliasInclude, toModelAlias } from './alias.mappers.js';
import { ZAliasNameSchema } from './alias.schemas.js';
import type { ModelAlias } from './alias.types.js';

/** Where the alias points now, or `null` if the model or the alias does not exist. */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  alias: string,
): Promise<ModelAlias | null> {
  if (
    !ZIdSchema.safeParse(projectId).success ||
    !ZModelNameSchema.safeParse(modelName).success ||
    !ZAliasNameSchema.safeParse(alias).success
  ) {
    return null;
  }
  const row = await withDbErrors(() =>
    ctx.db.modelAlias.findFirst({
      where: { name: alias, model: { projectId, name: modelName } },
      include: { ...aliasInclude, model: { select: { projectId: true, name: true } } },
    }),
  );
  return row === null ? null : toModelAlias(row, row.model);
}
