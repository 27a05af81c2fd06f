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
import {
  getComparisonRoute,
  listComparisonsRoute,
  runComparisonRoute,
} from './comparisons.contract.js';
import { startComparison } from './run-comparison.js';

/** Comparison reports: a candidate version against a baseline on the same rows. */
@Controller()
export class ComparisonsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(REQUEST_WORK) private readonly work: RequestWork,
  ) {}

  @Route(runComparisonRoute)
  async run(
    @CurrentPrincipal() who: Principal,
    @Input() { path, headers, body }: RouteInput<typeof runComparisonRoute>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const started = await startComparison(
      this.work,
      project,
      body,
      who,
      headers['idempotency-key'],
      abandonSignal(res),
    );
    return started.queued ? acceptedJob(res, project, started.job) : started.result;
  }

  @Route(getComparisonRoute)
  async get(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof getComparisonRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const comparison = await this.registry.comparisons.get(project.id, path.comparison);
    if (!comparison) throw notFound(`Comparison '${path.comparison}'`);
    return comparison;
  }

  @Route(listComparisonsRoute)
  async list(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof listComparisonsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.comparisons.list(project.id, path.model, query);
  }
}
