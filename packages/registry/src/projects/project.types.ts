import { z } from 'zod';
import type { Check, Same } from '../common.js';

// Domain type (plain object, dates as ISO-8601 strings, never a Prisma type) and its response
// schema, checked equal at compile time.

export interface Project {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
}

export const ZProjectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Project' });

type _ShapeChecks = [Check<Same<z.output<typeof ZProjectSchema>, Project>>];
