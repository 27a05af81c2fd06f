import { ROLES } from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';

export const ZMeSchema = z.object({
  apiKey: z.object({
    id: z.string(),
    name: z.string().nullable(),
    prefix: z.string(),
    role: z.enum(ROLES),
  }),
  project: z.object({ id: z.string(), name: z.string() }),
});

export const meRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/me',
  operationId: 'me',
  summary: 'The calling API key: its project and role',
  tag: 'auth',
  responses: { 200: { description: 'The caller', schema: ZMeSchema } },
});
