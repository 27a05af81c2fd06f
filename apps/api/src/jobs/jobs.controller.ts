import type { ServerResponse } from 'node:http';
import type { Job, Registry } from '@assay/registry';
import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, RequireRole } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound } from '../http/problem.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { REGISTRY } from '../registry.token.js';
import { ZJobPathSchema, ZJobsPathSchema, ZListJobsQuerySchema } from './jobs.contract.js';

type JobPath = z.infer<typeof ZJobPathSchema>;
const jobPath = new ZodPipe(ZJobPathSchema, 'path');

const ENDED = new Set<Job['status']>(['succeeded', 'failed', 'cancelled']);
/** How often an event stream looks at the job (the row is the truth, wherever workers run). */
const EVENTS_POLL_MS = 250;
const KEEPALIVE_MS = 15_000;

/** The node response under either HTTP adapter (Express's is one; Fastify's reply wraps one). */
const rawResponse = (res: unknown): ServerResponse =>
  (res as { raw?: ServerResponse }).raw ?? (res as ServerResponse);

/** Long-running work: its state, progress, result, cancellation, and a live event stream. */
@Controller('v1/projects/:project/jobs')
export class JobsController {
  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

  @Get()
  async list(
    @CurrentPrincipal() who: Principal,
    @Param(new ZodPipe(ZJobsPathSchema, 'path')) path: z.infer<typeof ZJobsPathSchema>,
    @Query(new ZodPipe(ZListJobsQuerySchema, 'query')) query: z.infer<typeof ZListJobsQuerySchema>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const { status, kind, ...page } = query;
    return this.registry.jobs.list(
      project.id,
      { ...(status ? { status } : {}), ...(kind ? { kind } : {}) },
      page,
    );
  }

  @Get(':job')
  async get(@CurrentPrincipal() who: Principal, @Param(jobPath) path: JobPath): Promise<Job> {
    const project = await resolveProject(this.registry, who, path.project);
    const job = await this.registry.jobs.get(project.id, path.job);
    if (!job) throw notFound(`Job '${path.job}'`);
    return job;
  }

  @Post(':job/cancel')
  @HttpCode(202)
  @RequireRole('editor')
  async cancel(@CurrentPrincipal() who: Principal, @Param(jobPath) path: JobPath) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.jobs.cancel(project.id, path.job, actorOf(who));
  }

  /**
   * Server-sent events: the job as it is now, then each time it changes, until it has ended.
   * Errors before the first byte (unknown job, wrong project) are ordinary problem answers.
   */
  @Get(':job/events')
  async events(
    @CurrentPrincipal() who: Principal,
    @Param(jobPath) path: JobPath,
    @Req() req: unknown,
    @Res() res: unknown,
  ): Promise<void> {
    let job = await this.get(who, path);
    // Fastify: this handler writes the response itself.
    (res as { hijack?: () => void }).hijack?.();
    const out = rawResponse(res);
    const request = (req as { raw?: NodeJS.EventEmitter }).raw ?? (req as NodeJS.EventEmitter);
    out.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let closed = false;
    request.on('close', () => {
      closed = true;
    });
    const send = (value: Job) =>
      out.write(`event: job\nid: ${value.updatedAt}\ndata: ${JSON.stringify(value)}\n\n`);
    send(job);
    let lastSent = Date.now();
    try {
      while (!closed && !ENDED.has(job.status)) {
        await new Promise((resolve) => setTimeout(resolve, EVENTS_POLL_MS));
        const next = await this.registry.jobs.get(job.projectId, job.id);
        if (next === null) break;
        if (next.updatedAt !== job.updatedAt || next.status !== job.status) {
          job = next;
          send(job);
          lastSent = Date.now();
        } else if (Date.now() - lastSent >= KEEPALIVE_MS) {
          out.write(': keep-alive\n\n');
          lastSent = Date.now();
        }
      }
    } catch (error) {
      // The status line is sent: say what happened in the stream; the client may reconnect.
      out.write(`event: error\ndata: ${JSON.stringify({ detail: (error as Error).message })}\n\n`);
    }
    out.end();
  }
}
