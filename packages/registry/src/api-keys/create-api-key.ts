import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { requireProject } from '../projects/require-project.js';
import { parseInput } from '../validate.js';
import { toApiKey } from './api-key.mappers.js';
import {
  type TCreateApiKeyWithPlaintextSchema,
  ZCreateApiKeyWithPlaintextSchema,
} from './api-key.schemas.js';
import type { ApiKey } from './api-key.types.js';
import { API_KEY_DISPLAY_LENGTH, generateApiKey, hashApiKey } from './hash-api-key.js';

/**
 * Issues an API key for a project. The plaintext key is returned here and nowhere else: only its
 * sha256 is stored.
 *
 * `input.key` supplies the plaintext instead of generating one (the API's `ASSAY_ADMIN_KEY`
 * bootstrap): `assay_` + 32–200 base64url characters. A key that already exists (revoked or not)
 * fails with `conflict`, and neither the key nor its hash appears in the error.
 */
export async function create(
  ctx: RegistryContext,
  input: TCreateApiKeyWithPlaintextSchema,
  actor: string = SYSTEM_ACTOR,
): Promise<{ key: string; apiKey: ApiKey }> {
  // zod issues carry the rule, not the value: a rejected plaintext key is never echoed back.
  const data = parseInput(ZCreateApiKeyWithPlaintextSchema, input, 'API key');
  const by = parseInput(ZActorSchema, actor, 'actor');
  const key = data.key ?? generateApiKey();
  const apiKey = await withDbErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await requireProject(tx, data.projectId);
        const row = await tx.apiKey.create({
          data: {
            projectId: data.projectId,
            name: data.name ?? null,
            prefix: key.slice(0, API_KEY_DISPLAY_LENGTH),
            keyHash: hashApiKey(key),
            role: data.role,
          },
        });
        await writeAuditLog(tx, {
          projectId: row.projectId,
          actor: by,
          action: 'api_key.create',
          entity: 'api_key',
          entityId: row.id,
          details: { role: row.role, prefix: row.prefix, name: row.name },
        });
        return toApiKey(row);
      }),
    { conflict: 'An API key with this plaintext already exists; choose another key' },
  );
  return { key, apiKey };
}
