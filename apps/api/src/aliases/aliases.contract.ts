import {
  integerParam,
  ZAliasNameSchema,
  ZAliasWhySchema,
  ZInstantSchema,
  ZModelNameSchema,
  ZProjectNameSchema,
  ZRemoveAliasSchema,
  ZSetAliasSchema,
  ZVersionNumberSchema,
} from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';
import {
  pageOf,
  ZAliasEventSchema,
  ZModelAliasSchema,
  ZModelVersionSchema,
  ZPageQuerySchema,
} from '../openapi/schemas.js';

const base = { project: ZProjectNameSchema, model: ZModelNameSchema };
export const ZAliasesPathSchema = z.object(base).strict();
export const ZAliasPathSchema = z
  .object({ ...base, alias: ZAliasNameSchema.describe('Alias, e.g. production') })
  .strict();

/** Body of an alias move: the registry's schema minus what the path and key supply. */
export const ZSetAliasBodySchema = ZSetAliasSchema.omit({
  projectId: true,
  modelName: true,
  alias: true,
}).strict();
export const ZRemoveAliasQuerySchema = ZRemoveAliasSchema.omit({
  projectId: true,
  modelName: true,
  alias: true,
  expectedRevision: true,
})
  .extend({ expectedRevision: integerParam(z.number().int().min(1)).optional() })
  .strict();

export const ZResolveAliasQuerySchema = z
  .object({
    at: ZInstantSchema.optional().describe('ISO-8601 instant: which version held the alias then'),
  })
  .strict();

export const setAliasRoute = defineRoute({
  method: 'put',
  role: 'editor',
  path: '/v1/projects/{project}/models/{model}/aliases/{alias}',
  operationId: 'setAlias',
  summary: 'Point an alias at a version (recorded in its ledger)',
  description:
    'Pass `expectedRevision` (the revision you read; 0 for a new alias) so that of two concurrent promotions one wins and the other gets a 409. An alias guarded by a gate policy moves only to a version with a passing gate report under the current policy version (recorded as `gateReportId`); otherwise a 409 whose `gate` member lists the failing checks. An admin may move it anyway with `override: { reason }` (recorded in the ledger).',
  tag: 'aliases',
  pathParams: ZAliasPathSchema,
  body: ZSetAliasBodySchema,
  responses: { 200: { description: 'The alias after the move', schema: ZModelAliasSchema } },
});

export const removeAliasRoute = defineRoute({
  method: 'delete',
  role: 'editor',
  path: '/v1/projects/{project}/models/{model}/aliases/{alias}',
  operationId: 'removeAlias',
  summary: 'Detach an alias (its ledger keeps the history)',
  tag: 'aliases',
  pathParams: ZAliasPathSchema,
  query: ZRemoveAliasQuerySchema,
  responses: { 200: { description: 'The detached alias', schema: ZModelAliasSchema } },
});

export const listAliasesRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/aliases',
  operationId: 'listAliases',
  summary: "A model's aliases",
  tag: 'aliases',
  pathParams: ZAliasesPathSchema,
  query: ZPageQuerySchema,
  responses: { 200: { description: 'A page of aliases', schema: pageOf(ZModelAliasSchema) } },
});

export const resolveAliasRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/aliases/{alias}/version',
  operationId: 'resolveAlias',
  summary: 'The version an alias points at now, or held at instant `at`',
  tag: 'aliases',
  pathParams: ZAliasPathSchema,
  query: ZResolveAliasQuerySchema,
  responses: { 200: { description: 'The version', schema: ZModelVersionSchema } },
});

export const aliasHistoryRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/aliases/{alias}/history',
  operationId: 'aliasHistory',
  summary: "The alias's ledger: every move, newest first",
  tag: 'aliases',
  pathParams: ZAliasPathSchema,
  query: ZPageQuerySchema,
  responses: { 200: { description: 'A page of moves', schema: pageOf(ZAliasEventSchema) } },
});

export const ZAliasWhyQuerySchema = z
  .object({
    version: integerParam(ZVersionNumberSchema).describe(
      'The version whose place on the alias to explain',
    ),
  })
  .strict();

export const aliasWhyRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: '/v1/projects/{project}/models/{model}/aliases/{alias}/why',
  operationId: 'aliasWhy',
  summary: 'Why a version is (or was) on an alias',
  description:
    'The newest ledger move that put `version` on the alias, with the gate report or the override (and its reason) it rested on, the evaluation it cited, and whether the alias still points there.',
  tag: 'aliases',
  pathParams: ZAliasPathSchema,
  query: ZAliasWhyQuerySchema,
  responses: { 200: { description: 'The move and its evidence', schema: ZAliasWhySchema } },
});

export const aliasRoutes = [
  setAliasRoute,
  removeAliasRoute,
  listAliasesRoute,
  resolveAliasRoute,
  aliasHistoryRoute,
  aliasWhyRoute,
] as const;
