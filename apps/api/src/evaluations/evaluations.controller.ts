import type { Registry } from '@assay/registry';
import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { abandonSignal } from '../jobs/compute/abandon-signal.js';
import { REQUEST_WORK, type RequestWork } from '../jobs/request-work.js';
import { acceptedJob } from '../jobs/run-or-queue.js';
import { REGISTRY } from '../registry.token.js';
import { getEvaluationRoute, listEvaluationsRoute } from './evaluations.contract.js';
import { runEvaluationRoute } from './run-evaluation.contract.js';
import { startEvaluation } from './run-evaluation.js';
import { runTextEvaluationRoute } from './run-text-evaluation.contract.js';
import { startTextEvaluation } from './run-text-evaluation.js';

/** Stored batch evaluations (reports a promotion can cite). */
@Controller()
export class EvaluationsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(REQUEST_WORK) private readonly work: RequestWork,
  ) {}

  @Route(runEvaluationRoute)
  async run(
    @CurrentPrincipal() who: Principal,
    @Input() { path, headers, body }: RouteInput<typeof runEvaluationRoute>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const started = await startEvaluation(
      this.work,
      project,
      body,
      who,
      headers['idempotency-key'],
      abandonSignal(res),
    );
    return started.queued ? acceptedJob(res, project, started.job) : started.result;
  }

  @Route(runTextEvaluationRoute)
  async runText(
    @CurrentPrincipal() who: Principal,
    @Input() { path, headers, body }: RouteInput<typeof runTextEvaluationRoute>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const started = await startTextEvaluation(
      this.work,
      project,
      body,
      who,
      headers['idempotency-key'],
      abandonSignal(res),
    );
    return started.queued ? acceptedJob(res, project, started.job) : started.result;
  }

  @Route(listEvaluationsRoute)
  async list(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof listEvaluationsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const { model, version, ...page } = query;
    return this.registry.evaluations.list(
      project.id,
      { ...(model ? { modelName: model } : {}), ...(version ? { version } : {}) },
      page,
    );
  }

  @Route(getEvaluationRoute)
  async get(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof getEvaluationRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const evaluation = await this.registry.evaluations.get(project.id, path.evaluation);
    if (!evaluation) throw notFound(`Evaluation '${path.evaluation}'`);
    return evaluation;
  }
}
