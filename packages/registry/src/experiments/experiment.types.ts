import { z } from 'zod';
import { type Check, type Same, type Tags, ZTagsOutSchema } from '../common.js';

// Domain type (plain object, dates as ISO-8601 strings, never a Prisma type) and its response
// schema, checked equal at compile time.

export interface Experiment {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  tags: Tags;
  createdAt: string;
}

export const ZExperimentSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    tags: ZTagsOutSchema,
    createdAt: z.string(),
  })
  .meta({ id: 'Experiment' });

type _ShapeChecks = [Check<Same<z.output<typeof ZExperimentSchema>, Experiment>>];
