import { ZIdSchema, ZProjectNameSchema } from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';
import { pageOf, ZPageQuerySchema } from '../openapi/schemas.js';

export const JOB_KINDS = ['evaluation', 'explanation'] as const;
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

export const ZJobsPathSchema = z.object({ project: ZProjectNameSchema }).strict();
export const ZJobPathSchema = z
  .object({ project: ZProjectNameSchema, job: ZIdSchema.describe('Job id') })
  .strict();

export const ZListJobsQuerySchema = ZPageQuerySchema.extend({
  status: z.enum(JOB_STATUSES).optional().describe('Only jobs in this state'),
  kind: z.enum(JOB_KINDS).optional().describe('Only jobs of this kind'),
}).strict();

export const ZJobSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    kind: z.enum(JOB_KINDS),
    status: z.enum(JOB_STATUSES),
    input: z.record(z.string(), z.unknown()),
    progress: z.object({ fraction: z.number(), message: z.string().nullable() }),
    result: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('Set once, when the job succeeds'),
    error: z
      .object({ title: z.string(), detail: z.string() })
      .nullable()
      .describe('Why the job failed'),
    evaluationId: z
      .string()
      .nullable()
      .describe('The evaluation a successful evaluation job stored'),
    attempts: z
      .number()
      .int()
      .describe('Times a worker took the job (a retry after a worker stopped counts)'),
    maxAttempts: z.number().int(),
    cancelRequested: z.boolean(),
    workerId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Job' });

export const listJobsRoute = defineRoute({
  method: 'get',
  path: '/v1/projects/{project}/jobs',
  operationId: 'listJobs',
  summary: "A project's jobs, newest first",
  tag: 'jobs',
  pathParams: ZJobsPathSchema,
  query: ZListJobsQuerySchema,
  responses: { 200: { description: 'A page of jobs', schema: pageOf(ZJobSchema) } },
});

export const getJobRoute = defineRoute({
  method: 'get',
  path: '/v1/projects/{project}/jobs/{job}',
  operationId: 'getJob',
  summary: 'A job: its state, progress and, once it has ended, its result or error',
  tag: 'jobs',
  pathParams: ZJobPathSchema,
  responses: { 200: { description: 'The job', schema: ZJobSchema } },
});

export const cancelJobRoute = defineRoute({
  method: 'post',
  path: '/v1/projects/{project}/jobs/{job}/cancel',
  operationId: 'cancelJob',
  summary: 'Cancel a job',
  description:
    'A queued job is cancelled at once; a running one stops at its next progress point (the answer shows `cancelRequested: true` until it has). A job that has ended answers 409.',
  tag: 'jobs',
  pathParams: ZJobPathSchema,
  responses: { 202: { description: 'The job after the request', schema: ZJobSchema } },
});

export const jobEventsRoute = defineRoute({
  method: 'get',
  path: '/v1/projects/{project}/jobs/{job}/events',
  operationId: 'streamJobEvents',
  summary: "A job's progress as server-sent events",
  description:
    'Each change of the job is an event `job` whose data is the job (JSON); the stream ends after the event that shows the job ended (succeeded, failed or cancelled). A comment line is sent every 15 s to keep proxies from closing the stream. Streams are bounded: at most `ASSAY_SSE_MAX_PER_KEY` open per API key and `ASSAY_SSE_MAX_PER_JOB` per job (429 with `Retry-After` above).',
  tag: 'jobs',
  pathParams: ZJobPathSchema,
  responses: { 200: { description: 'The event stream', contentType: 'text/event-stream' } },
});

export const jobRoutes = [listJobsRoute, getJobRoute, cancelJobRoute, jobEventsRoute] as const;
