import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Job, Registry } from '@assay/registry';
import { Controller, Inject, Res } from '@nestjs/common';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { REGISTRY } from '../registry.token.js';
import { JobEventHub } from './job-event-hub.js';
import { cancelJobRoute, getJobRoute, jobEventsRoute, listJobsRoute } from './jobs.contract.js';

/** The node response under either HTTP adapter (Express's is one; Fastify's reply wraps one). */
const rawResponse = (res: unknown): ServerResponse =>
  (res as { raw?: ServerResponse }).raw ?? (res as ServerResponse);

/** Long-running work: its state, progress, result, cancellation, and a live event stream. */
@Controller()
export class JobsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(JobEventHub) private readonly events$: JobEventHub,
  ) {}

  @Route(listJobsRoute)
  async list(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof listJobsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const { status, kind, ...page } = query;
    return this.registry.jobs.list(
      project.id,
      { ...(status ? { status } : {}), ...(kind ? { kind } : {}) },
      page,
    );
  }

  @Route(getJobRoute)
  async get(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: Pick<RouteInput<typeof getJobRoute>, 'path'>,
  ): Promise<Job> {
    const project = await resolveProject(this.registry, who, path.project);
    const job = await this.registry.jobs.get(project.id, path.job);
    if (!job) throw notFound(`Job '${path.job}'`);
    return job;
  }

  @Route(cancelJobRoute)
  async cancel(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof cancelJobRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.jobs.cancel(project.id, path.job, actorOf(who));
  }

  /**
   * Server-sent events: the job as it is now, then each time it changes, until it has ended.
   * Errors before the first byte (unknown job, wrong project, too many streams) are ordinary
   * problem answers. Every stream of a job shares one database read (`JobEventHub`).
   */
  @Route(jobEventsRoute)
  async events(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof jobEventsRoute>,
    @Res() res: unknown,
  ): Promise<void> {
    const job = await this.get(who, { path });
    const out = rawResponse(res);
    let started = false;
    let stop = () => {};
    // Throws the 429 before anything is written when the key or the job has too many streams.
    stop = this.events$.subscribe(who.apiKey.id, job, (event) => {
      if (!started) {
        started = true;
        // Fastify: this handler writes the response itself.
        (res as { hijack?: () => void }).hijack?.();
        out.writeHead(200, {
          // What the hooks set (X-Request-Id, CORS) goes out with the stream.
          ...((res as { getHeaders?: () => OutgoingHttpHeaders }).getHeaders?.() ?? {}),
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
      }
      if (event.type === 'job') {
        out.write(`event: job\nid: ${event.job.updatedAt}\ndata: ${JSON.stringify(event.job)}\n\n`);
      } else if (event.type === 'keepalive') {
        out.write(': keep-alive\n\n');
      } else if (event.type === 'error') {
        out.write(`event: error\ndata: ${JSON.stringify({ detail: event.detail })}\n\n`);
      } else {
        stop();
        out.end();
      }
    });
    // The client went away (or the stream ended): its slot is freed at once.
    if (out.destroyed) stop();
    else out.on('close', () => stop());
  }
}
