import { ZAliasNameSchema } from '../aliases/alias.schemas.js';
import { ZIdSchema } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { ZModelNameSchema } from '../models/model.schemas.js';
import { gatePolicyInclude, toGatePolicy } from './gate.mappers.js';
import type { GatePolicy } from './gate.types.js';

/**
 * The gate policy guarding `alias` of a model: its current (highest) version, or version
 * `version`; `null` when the model, the alias's policy or that version does not exist.
 */
export async function get(
  ctx: RegistryContext,
  projectId: string,
  modelName: string,
  alias: string,
  version?: number,
): Promise<GatePolicy | null> {
  if (
    !ZIdSchema.safeParse(projectId).success ||
    !ZModelNameSchema.safeParse(modelName).success ||
    !ZAliasNameSchema.safeParse(alias).success
  ) {
    return null;
  }
  const row = await withDbErrors(() =>
    ctx.db.gatePolicy.findFirst({
      where: {
        alias,
        model: { projectId, name: modelName },
        ...(version === undefined ? {} : { version }),
      },
      orderBy: { version: 'desc' },
      include: gatePolicyInclude,
    }),
  );
  return row === null ? null : toGatePolicy(row);
}
