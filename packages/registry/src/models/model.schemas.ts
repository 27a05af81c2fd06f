import { z } from 'zod';
import { ZDescriptionSchema, ZIdSchema, ZNameSchema, ZTagsSchema } from '../common.js';

export const ZModelNameSchema = ZNameSchema;

export const ZRegisterModelSchema = z.object({
  projectId: ZIdSchema,
  name: ZModelNameSchema,
  description: ZDescriptionSchema.optional(),
  tags: ZTagsSchema.optional(),
});

export type TRegisterModelSchema = z.infer<typeof ZRegisterModelSchema>;
