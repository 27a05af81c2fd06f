import type { Registry } from '@assay/registry';
import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '../auth/principal.js';
import { ProblemError, problem } from '../http/problem.js';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.js';
import { REGISTRY } from '../registry.token.js';
import { SERVER_INFO, type ServerInfo } from '../server-info.js';

@Controller()
@Public()
export class HealthController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(SERVER_INFO) private readonly info: ServerInfo,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  @Get('healthz')
  health() {
    return { status: 'ok' as const };
  }

  @Get('readyz')
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

  @Get('v1/info')
  serverInfo() {
    return this.info;
  }
}
