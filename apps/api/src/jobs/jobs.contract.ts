import {
  JOB_KINDS,
  JOB_STATUSES,
  ZIdSchema,
  ZJobSchema,
  ZProjectNameSchema,
} from '@assay/registry';
import { z } from 'zod';
import { defineRoute } from '../openapi/contract.js';
import { pageOf, ZPageQuerySchema } from '../openapi/schemas.js';

export const ZJobsPathSchema = z.object({ project: ZProjectNameSchema }).strict();
export const ZJobPathSchema = z
  .object({ project: ZProjectNameSchema, job: ZIdSchema.describe('Job id') })
  .strict();

export const ZListJobsQuerySchema = ZPageQuerySchema.extend({
  status: z.enum(JOB_STATUSES).optional().describe('Only jobs in this state'),
  kind: z.enum(JOB_KINDS).optional().describe('Only jobs of this kind'),
}).strict();

export { ZJobSchema };

export const listJobsRoute = defineRoute({
  method: 'get',
  role: 'viewer',
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
  role: 'viewer',
  path: '/v1/projects/{project}/jobs/{job}',
  operationId: 'getJob',
  summary: 'A job: its state, progress and, once it has ended, its result or error',
  tag: 'jobs',
  pathParams: ZJobPathSchema,
  responses: { 200: { description: 'The job', schema: ZJobSchema } },
});

export const cancelJobRoute = defineRoute({
  method: 'post',
  role: 'editor',
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
  role: 'viewer',
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
