import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { parseInput } from '../validate.js';
import { type TRemoveAliasSchema, ZRemoveAliasSchema } from './alias.schemas.js';
import type { ModelAlias } from './alias.types.js';
import { moveAlias } from './move-alias.js';

/** Detaches an alias from its version (the ledger keeps the history; `version` becomes null). */
export async function remove(
  ctx: RegistryContext,
  input: TRemoveAliasSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<ModelAlias> {
  const data = parseInput(ZRemoveAliasSchema, input, 'alias removal');
  const by = parseInput(ZActorSchema, actor, 'actor');
  return moveAlias(ctx, { ...data, version: null, actor: by });
}
