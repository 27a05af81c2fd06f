import { ZCreateProjectSchema, ZProjectNameSchema, ZProjectSchema } from '@assay/registry';
import { z } from 'zod';
import { ZApiKeySchema } from '../keys/keys.contract.js';
import { defineRoute } from '../openapi/contract.js';

export const ZProjectPathSchema = z.object({ project: ZProjectNameSchema }).strict();

export const ZCreateProjectBodySchema = ZCreateProjectSchema.strict();

export { ZProjectSchema };

export const listProjectsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects',
  operationId: 'listProjects',
  summary: 'The projects this key sees (a key belongs to one project)',
  tag: 'projects',
  responses: {
    200: { description: 'The projects', schema: z.object({ items: z.array(ZProjectSchema) }) },
  },
});

export const getProjectRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}',
  operationId: 'getProject',
  summary: 'A project (404 for another project’s key, so that names do not leak)',
  tag: 'projects',
  pathParams: ZProjectPathSchema,
  responses: { 200: { description: 'The project', schema: ZProjectSchema } },
});

export const createProjectRoute = defineRoute({
  method: 'post',
  role: 'admin',
  path: '/v1/projects',
  operationId: 'createProject',
  summary: 'Create a project and its first admin key (operators: admins of the bootstrap project)',
  description:
    'Only admin keys of the bootstrap project (ASSAY_BOOTSTRAP_PROJECT, `default` unless set) may create projects: they operate the platform. The new project’s first admin key is in this response only; hand it to the team, whose keys then see their project alone.',
  tag: 'projects',
  body: ZCreateProjectBodySchema,
  responses: {
    201: {
      description: 'The project and its first admin key',
      schema: z.object({
        project: ZProjectSchema,
        key: z.string().describe('The secret of the new project’s first admin key: shown once'),
        apiKey: ZApiKeySchema,
      }),
    },
  },
});

export const projectRoutes = [listProjectsRoute, createProjectRoute, getProjectRoute] as const;
