import { z } from 'zod';
import type { Check, Same, Tags } from '../common.js';
import { ZTagsOutSchema } from '../common.js';
import { type ModelVersion, ZModelVersionSchema } from '../versions/version.types.js';

// Domain types (plain objects, dates as ISO-8601 strings, never Prisma types) and their response
// schemas, checked equal at compile time.

export interface RegisteredModel {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  tags: Tags;
  createdAt: string;
  updatedAt: string;
}

export interface RegisteredModelWithVersions extends RegisteredModel {
  /** Every version of the model, newest first. */
  versions: ModelVersion[];
}

export const ZRegisteredModelSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    tags: ZTagsOutSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RegisteredModel' });

export const ZRegisteredModelWithVersionsSchema = ZRegisteredModelSchema.extend({
  versions: z.array(ZModelVersionSchema),
}).meta({ id: 'RegisteredModelWithVersions' });

type _ShapeChecks = [
  Check<Same<z.output<typeof ZRegisteredModelSchema>, RegisteredModel>>,
  Check<Same<z.output<typeof ZRegisteredModelWithVersionsSchema>, RegisteredModelWithVersions>>,
];
