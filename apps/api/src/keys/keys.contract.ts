import { ZApiKeySchema, ZCreateApiKeySchema, ZIdSchema, ZProjectNameSchema } from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';
import { pageOf, ZPageQuerySchema } from '../openapi/schemas.js';

export const ZKeysPathSchema = z.object({ project: ZProjectNameSchema }).strict();
export const ZKeyPathSchema = z
  .object({ project: ZProjectNameSchema, key: ZIdSchema.describe('API key id') })
  .strict();

/** Body of key creation: the registry's schema minus the project (the path supplies it). */
export const ZCreateKeyBodySchema = ZCreateApiKeySchema.omit({ projectId: true }).strict();

export { ZApiKeySchema };

export const listKeysRoute = defineRoute({
  method: 'get',
  role: 'admin',
  path: '/v1/projects/{project}/keys',
  operationId: 'listApiKeys',
  summary: "List a project's API keys, revoked ones included (admin)",
  tag: 'auth',
  pathParams: ZKeysPathSchema,
  query: ZPageQuerySchema,
  responses: { 200: { description: 'A page of keys', schema: pageOf(ZApiKeySchema) } },
});

export const createKeyRoute = defineRoute({
  method: 'post',
  role: 'admin',
  path: '/v1/projects/{project}/keys',
  operationId: 'createApiKey',
  summary: 'Issue an API key (admin); its secret is in this response only',
  tag: 'auth',
  pathParams: ZKeysPathSchema,
  body: ZCreateKeyBodySchema,
  responses: {
    201: {
      description: 'The key and its secret',
      schema: z.object({
        key: z.string().describe('The secret: shown once'),
        apiKey: ZApiKeySchema,
      }),
    },
  },
});

export const revokeKeyRoute = defineRoute({
  method: 'delete',
  role: 'admin',
  path: '/v1/projects/{project}/keys/{key}',
  operationId: 'revokeApiKey',
  summary: 'Revoke an API key (admin)',
  tag: 'auth',
  pathParams: ZKeyPathSchema,
  responses: { 204: { description: 'Revoked' } },
});

export const keyRoutes = [listKeysRoute, createKeyRoute, revokeKeyRoute] as const;
