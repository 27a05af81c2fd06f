import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { parseInput } from '../validate.js';
import { type TSetAliasSchema, ZSetAliasSchema } from './alias.schemas.js';
import type { ModelAlias } from './alias.types.js';
import { moveAlias } from './move-alias.js';

/**
 * Points an alias (created if needed) at a version of the model, recording the move in the
 * alias's ledger. With `expectedRevision`, fails with `conflict` unless the alias is still at that
 * revision (0: must not exist yet), so of two concurrent promotions one wins and the other is told.
 */
export async function set(
  ctx: RegistryContext,
  input: TSetAliasSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<ModelAlias> {
  const data = parseInput(ZSetAliasSchema, input, 'alias move');
  const by = parseInput(ZActorSchema, actor, 'actor');
  return moveAlias(ctx, { ...data, actor: by });
}
