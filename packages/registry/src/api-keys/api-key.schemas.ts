import { z } from 'zod';
import { ROLES, ZIdSchema } from '../common.js';

export const ZRoleSchema = z.enum(ROLES);

export const ZCreateApiKeySchema = z.object({
  projectId: ZIdSchema,
  role: ZRoleSchema,
  name: z.string().min(1).max(128).optional(),
});

/**
 * A caller-supplied plaintext API key (e.g. the API's `ASSAY_ADMIN_KEY` bootstrap): `assay_`
 * followed by 32–200 base64url characters. Generated keys have this shape too (43 characters).
 */
export const ZApiKeyPlaintextSchema = z
  .string()
  .regex(
    /^assay_[A-Za-z0-9_-]{32,200}$/,
    'key must be "assay_" followed by 32 to 200 base64url characters (A-Z, a-z, 0-9, "_", "-")',
  );

/**
 * Issuing a key with a plaintext chosen by the caller. Deliberately separate from
 * `ZCreateApiKeySchema` (the shape for public "create a key" routes, where the registry always
 * generates the key).
 */
export const ZCreateApiKeyWithPlaintextSchema = ZCreateApiKeySchema.extend({
  key: ZApiKeyPlaintextSchema.optional(),
});

export type TCreateApiKeySchema = z.infer<typeof ZCreateApiKeySchema>;
export type TCreateApiKeyWithPlaintextSchema = z.infer<typeof ZCreateApiKeyWithPlaintextSchema>;
