import { z } from 'zod';
import { ZDescriptionSchema, ZIdSchema, ZNameSchema, ZTagsSchema } from '../common.js';

export const ZCreateExperimentSchema = z.object({
  projectId: ZIdSchema,
  name: ZNameSchema,
  description: ZDescriptionSchema.optional(),
  tags: ZTagsSchema.optional(),
});

export type TCreateExperimentSchema = z.infer<typeof ZCreateExperimentSchema>;
