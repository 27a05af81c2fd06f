import { ZTuringReportSchema } from '@assay/core/human';
import {
  MAX_TURING_ITEM_BATCH,
  ZIdSchema,
  ZInviteTuringJudgeSchema,
  ZPageRequestSchema,
  ZProjectNameSchema,
  ZSubmitTuringJudgementSchema,
  ZTuringItemInputSchema,
  ZTuringItemSchema,
  ZTuringJudgementReceiptSchema,
  ZTuringJudgeSchema,
  ZTuringJudgeViewSchema,
  ZTuringModeSchema,
  ZTuringStudySchema,
  ZTuringStudyStatusSchema,
} from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';
import { pageOf } from '../openapi/schemas.js';

export const ZTuringProjectPathSchema = z.object({ project: ZProjectNameSchema }).strict();
export const ZTuringStudyPathSchema = z
  .object({ project: ZProjectNameSchema, id: ZIdSchema.describe('Turing study id') })
  .strict();
export const ZTuringJudgePathSchema = ZTuringStudyPathSchema.extend({
  judge: ZIdSchema.describe('Judge id'),
}).strict();

export const ZCreateTuringStudyBodySchema = z
  .object({
    name: ZProjectNameSchema.describe('Unique in the project'),
    description: z.string().max(10_000).optional(),
    mode: ZTuringModeSchema,
  })
  .strict();

export const ZListTuringStudiesQuerySchema = ZPageRequestSchema.extend({
  status: ZTuringStudyStatusSchema.optional(),
}).strict();

export const ZAddTuringItemsBodySchema = z
  .object({
    items: z
      .array(ZTuringItemInputSchema)
      .min(1, 'send at least one item')
      .max(MAX_TURING_ITEM_BATCH, `send at most ${MAX_TURING_ITEM_BATCH} items per batch`),
  })
  .strict();

export const ZAddTuringItemsResponseSchema = z.object({
  added: z.number().int(),
  total: z.number().int().describe('Items in the study now'),
});

export const ZTuringInvitationSchema = z
  .object({
    token: z
      .string()
      .describe(
        'The invitation token (shown once; only its hash is stored): send it as X-Judge-Token',
      ),
    link: z
      .string()
      .describe(
        'The portal path that opens the judging page with this invitation (no API key needed)',
      ),
    judge: ZTuringJudgeSchema,
  })
  .meta({ id: 'TuringInvitation' });

export const ZTuringReportResponseSchema = z
  .object({
    study: ZTuringStudySchema,
    judges: z.array(z.object({ id: z.string(), name: z.string() })).describe('Judge ids to names'),
    report: ZTuringReportSchema,
  })
  .meta({ id: 'TuringStudyReport' });

/** What a judge sees once the study is closed: the overall result and their own accuracy. */
export const ZTuringJudgeResultsSchema = z
  .object({
    study: z.object({ id: z.string(), name: z.string(), status: ZTuringStudyStatusSchema }),
    judged: z.number().int(),
    correct: z.number().int().describe('This judge’s correct judgements'),
    accuracy: z.number().nullable().describe('This judge’s accuracy (null without judgements)'),
    overallAccuracy: z.number().nullable().describe('All judges’ accuracy'),
    deceptionRate: z.number().nullable().describe('Machine answers judged human, over all judges'),
  })
  .meta({ id: 'TuringJudgeResults' });

export const ZJudgeTokenHeadersSchema = z
  .object({
    'x-judge-token': z
      .string()
      .optional()
      .describe('The judge’s invitation token (assay_judge_…); required'),
  })
  .passthrough();

const tag = 'turing-studies';
const path = '/v1/projects/{project}/turing-studies';
const judgeAuth =
  'Needs no API key: the judge sends their invitation token as `X-Judge-Token` (401 without it or for an unknown or revoked one; 403 for another study’s token).';

export const createTuringStudyRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path,
  operationId: 'createTuringStudy',
  summary: 'Create a Turing study (a draft)',
  description:
    'side-by-side: each item is a prompt with a human and a machine answer, the judge picks the machine; single: each item is one answer the judge labels human or machine. Add items, invite judges, then open it.',
  tag,
  pathParams: ZTuringProjectPathSchema,
  body: ZCreateTuringStudyBodySchema,
  responses: { 201: { description: 'The study', schema: ZTuringStudySchema } },
});

export const listTuringStudiesRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path,
  operationId: 'listTuringStudies',
  summary: 'A project’s Turing studies, newest first',
  tag,
  pathParams: ZTuringProjectPathSchema,
  query: ZListTuringStudiesQuerySchema,
  responses: { 200: { description: 'A page of studies', schema: pageOf(ZTuringStudySchema) } },
});

export const getTuringStudyRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: `${path}/{id}`,
  operationId: 'getTuringStudy',
  summary: 'A Turing study',
  tag,
  pathParams: ZTuringStudyPathSchema,
  responses: { 200: { description: 'The study', schema: ZTuringStudySchema } },
});

export const addTuringItemsRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: `${path}/{id}/items`,
  operationId: 'addTuringItems',
  summary: 'Add a batch of items (up to 1000)',
  description:
    'Side by side: `prompt`, `humanAnswer`, `machineAnswer` and optionally the `system` that wrote it (a study may compare two systems). Single: `answer` and its true `origin` (`human` or `machine`; `system` for a machine answer) and optionally the `prompt`. Items can be added to a draft or an open study, not a closed one.',
  tag,
  pathParams: ZTuringStudyPathSchema,
  body: ZAddTuringItemsBodySchema,
  responses: { 201: { description: 'How many were added', schema: ZAddTuringItemsResponseSchema } },
});

export const listTuringItemsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: `${path}/{id}/items`,
  operationId: 'listTuringItems',
  summary: 'A study’s items in upload order, unblinded',
  tag,
  pathParams: ZTuringStudyPathSchema,
  query: ZPageRequestSchema,
  responses: { 200: { description: 'A page of items', schema: pageOf(ZTuringItemSchema) } },
});

export const openTuringStudyRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: `${path}/{id}/open`,
  operationId: 'openTuringStudy',
  summary: 'Open a draft study to its judges',
  description: 'A study with no items cannot open (409).',
  tag,
  pathParams: ZTuringStudyPathSchema,
  responses: { 200: { description: 'The study', schema: ZTuringStudySchema } },
});

export const closeTuringStudyRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: `${path}/{id}/close`,
  operationId: 'closeTuringStudy',
  summary: 'Close an open study: judging stops, judges may see the results',
  tag,
  pathParams: ZTuringStudyPathSchema,
  responses: { 200: { description: 'The study', schema: ZTuringStudySchema } },
});

export const inviteTuringJudgeRoute = defineRoute({
  method: 'post',
  role: 'editor',
  path: `${path}/{id}/judges`,
  operationId: 'inviteTuringJudge',
  summary: 'Invite a judge: an invitation token and the link to the judging page',
  description:
    'The token (shown here only; the registry keeps its sha256) reaches this study’s judging and nothing else: the next blinded item, submitting a judgement, and the results once the study is closed.',
  tag,
  pathParams: ZTuringStudyPathSchema,
  body: ZInviteTuringJudgeSchema,
  responses: { 201: { description: 'The invitation', schema: ZTuringInvitationSchema } },
});

export const listTuringJudgesRoute = defineRoute({
  method: 'get',
  role: 'viewer',
  path: `${path}/{id}/judges`,
  operationId: 'listTuringJudges',
  summary: 'A study’s judges and how many items each has judged',
  tag,
  pathParams: ZTuringStudyPathSchema,
  responses: {
    200: { description: 'The judges', schema: z.object({ items: z.array(ZTuringJudgeSchema) }) },
  },
});

export const revokeTuringJudgeRoute = defineRoute({
  method: 'delete',
  role: 'editor',
  path: `${path}/{id}/judges/{judge}`,
  operationId: 'revokeTuringJudge',
  summary: 'Revoke a judge’s invitation (their judgements stay)',
  tag,
  pathParams: ZTuringJudgePathSchema,
  responses: { 200: { description: 'The judge', schema: ZTuringJudgeSchema } },
});

export const turingReportRoute = defineRoute({
  method: 'get',
  role: 'editor',
  path: `${path}/{id}/report`,
  operationId: 'getTuringReport',
  summary: 'The report: accuracy against chance, deception, agreement, text metrics',
  description:
    'Computed on read from the stored judgements (the core’s `turingReport`): judges’ accuracy with the exact binomial test against 0.5 and its Clopper–Pearson interval (SciPy binomtest), the machine’s deception rate, per-judge and per-system accuracy, Cohen’s κ (two judges), Fleiss’ κ and Krippendorff’s α (nominal), BLEU, chrF and ROUGE of each system’s answers against the human answers, and with two systems sacrebleu’s paired bootstrap between them. Available to the study’s owner (an editor key) at any time.',
  tag,
  pathParams: ZTuringStudyPathSchema,
  responses: { 200: { description: 'The report', schema: ZTuringReportResponseSchema } },
});

export const nextTuringItemRoute = defineRoute({
  method: 'get',
  role: 'public',
  path: `${path}/{id}/judging/next`,
  operationId: 'nextTuringItem',
  summary: 'A judge’s next item, blinded',
  description: `The first item in this judge’s own order (seeded by study and judge) that they have not judged: no origin, no system; side by side, the two answers in this judge’s left/right order. \`item\` is null when all are judged or the study is not open. ${judgeAuth}`,
  tag,
  pathParams: ZTuringStudyPathSchema,
  headers: ZJudgeTokenHeadersSchema,
  responses: { 200: { description: 'The judge’s view', schema: ZTuringJudgeViewSchema } },
});

export const submitTuringJudgementRoute = defineRoute({
  method: 'post',
  role: 'public',
  path: `${path}/{id}/judging/judgements`,
  operationId: 'submitTuringJudgement',
  summary: 'Submit a judgement (stored once)',
  description: `Side by side: \`left\` or \`right\`, the answer the judge calls the machine’s; single: \`human\` or \`machine\`. The same choice again answers the stored judgement with \`replayed: true\`; another choice is a 409. The study must be open (409). ${judgeAuth}`,
  tag,
  pathParams: ZTuringStudyPathSchema,
  headers: ZJudgeTokenHeadersSchema,
  body: ZSubmitTuringJudgementSchema,
  responses: {
    201: { description: 'The stored judgement', schema: ZTuringJudgementReceiptSchema },
  },
});

export const turingJudgeResultsRoute = defineRoute({
  method: 'get',
  role: 'public',
  path: `${path}/{id}/judging/results`,
  operationId: 'getTuringJudgeResults',
  summary: 'A judge’s results, once the study is closed',
  description: `Hidden (403) until the study closes, so that no judge learns how anyone did while judging. ${judgeAuth}`,
  tag,
  pathParams: ZTuringStudyPathSchema,
  headers: ZJudgeTokenHeadersSchema,
  responses: { 200: { description: 'The results', schema: ZTuringJudgeResultsSchema } },
});

export const turingStudyRoutes = [
  createTuringStudyRoute,
  listTuringStudiesRoute,
  getTuringStudyRoute,
  addTuringItemsRoute,
  listTuringItemsRoute,
  openTuringStudyRoute,
  closeTuringStudyRoute,
  inviteTuringJudgeRoute,
  listTuringJudgesRoute,
  revokeTuringJudgeRoute,
  turingReportRoute,
  nextTuringItemRoute,
  submitTuringJudgementRoute,
  turingJudgeResultsRoute,
];
