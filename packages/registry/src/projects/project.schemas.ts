import { z } from 'zod';
import { ZDescriptionSchema, ZNameSchema } from '../common.js';

export const ZProjectNameSchema = ZNameSchema;

export const ZCreateProjectSchema = z.object({
  name: ZProjectNameSchema,
  description: ZDescriptionSchema.optional(),
});

export type TCreateProjectSchema = z.infer<typeof ZCreateProjectSchema>;
