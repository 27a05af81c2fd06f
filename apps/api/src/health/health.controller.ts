import type { Registry } from '@assay/registry';
import { Controller, Inject } from '@nestjs/common';
import { ProblemError, problem } from '../http/problem.js';
import { Route } from '../http/route.js';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.js';
import { REGISTRY } from '../registry.token.js';
import { SERVER_INFO, type ServerInfo } from '../server-info.js';
import { healthRoute, infoRoute, readyRoute } from './health.contract.js';

@Controller()
export class HealthController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(SERVER_INFO) private readonly info: ServerInfo,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  @Route(healthRoute)
  health() {
    return { status: 'ok' as const };
  }

  @Route(readyRoute)
  async ready() {
    try {
      await this.registry.ping();
    } catch (err) {
      throw new ProblemError(
        problem(503, 'unavailable', `The database does not answer: ${(err as Error).message}`),
      );
    }
    try {
      await this.queue.ping();
    } catch (err) {
      throw new ProblemError(
        problem(
          503,
          'unavailable',
          `Redis (the job queue) does not answer: ${(err as Error).message}`,
        ),
      );
    }
    return { status: 'ready' as const, ...this.info, jobs: this.queue.mode };
  }

  @Route(infoRoute)
  serverInfo() {
    return this.info;
  }
}
