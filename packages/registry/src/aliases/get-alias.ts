import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { ZAliasNameSchema, ZIdSchema, ZModelNameSchema } from '../schemas.js';
import type { ModelAlias } from '../types.js';
import { aliasInclude, toModelAlias } from './alias-mappers.js';

/** Where the alias points now, or `null` if the model or the alias does not exist. */
export async function getAlias(
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
