import { z } from 'zod';
import { type Check, ROLES, type Same } from '../common.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schema, checked equal at compile time.

export type Role = (typeof ROLES)[number];

/** An API key as stored: its hash is never part of it. */
export interface ApiKey {
  id: string;
  projectId: string;
  name: string | null;
  /** First characters of the key (e.g. `assay_Ab3x9Q`), to tell keys apart in a list. */
  prefix: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

export const ZApiKeySchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string().nullable(),
    prefix: z.string().describe('First characters of the key, to tell keys apart'),
    role: z.enum(ROLES),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

type _ShapeChecks = [Check<Same<z.output<typeof ZApiKeySchema>, ApiKey>>];
