import type { Registry } from '@assay/registry';
import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { abandonSignal } from '../jobs/compute/abandon-signal.js';
import { REQUEST_WORK, type RequestWork } from '../jobs/request-work.js';
import { acceptedJob } from '../jobs/run-or-queue.js';
import { REGISTRY } from '../registry.token.js';
import {
  getGatePolicyRoute,
  getGateReportRoute,
  listGatePoliciesRoute,
  listGateReportsRoute,
  putGatePolicyRoute,
  runGateFromShadowRoute,
  runGateRoute,
} from './gates.contract.js';
import { startGate } from './run-gate.js';

/** Gate policies guarding aliases, gate runs and their reports. */
@Controller()
export class GatesController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(REQUEST_WORK) private readonly work: RequestWork,
  ) {}

  @Route(putGatePolicyRoute)
  async put(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof putGatePolicyRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.gatePolicies.put(
      { ...body, projectId: project.id, modelName: path.model, alias: path.alias },
      actorOf(who),
    );
  }

  @Route(getGatePolicyRoute)
  async get(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof getGatePolicyRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const policy = await this.registry.gatePolicies.get(
      project.id,
      path.model,
      path.alias,
      query.version,
    );
    if (!policy) {
      throw notFound(
        `Gate policy${query.version ? ` version ${query.version}` : ''} of alias '${path.alias}' of model '${path.model}'`,
      );
    }
    return policy;
  }

  @Route(listGatePoliciesRoute)
  async listPolicies(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof listGatePoliciesRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const { alias, ...page } = query;
    return this.registry.gatePolicies.list(project.id, path.model, alias, page);
  }

  @Route(runGateRoute)
  async run(
    @CurrentPrincipal() who: Principal,
    @Input() { path, headers, body }: RouteInput<typeof runGateRoute>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const started = await startGate(
      this.work,
      project,
      { modelName: path.model, alias: path.alias },
      body,
      who,
      headers['idempotency-key'],
      abandonSignal(res),
    );
    return started.queued ? acceptedJob(res, project, started.job) : started.result;
  }

  @Route(runGateFromShadowRoute)
  async runFromShadow(
    @CurrentPrincipal() who: Principal,
    @Input() { path, headers, body }: RouteInput<typeof runGateFromShadowRoute>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const test = await this.registry.shadowTests.get(project.id, path.id);
    if (!test || test.modelName !== path.model) {
      throw notFound(`Shadow test '${path.id}' of model '${path.model}'`);
    }
    if (test.candidate.kind !== 'version') {
      throw new ProblemError(
        problem(
          400,
          'invalid-request',
          `Shadow test ${test.id} mirrors a remote endpoint that is not a registered version: register it as a version (format remote) and shadow that version to gate it`,
        ),
      );
    }
    const started = await startGate(
      this.work,
      project,
      { modelName: path.model, alias: test.alias },
      {
        version: test.candidate.version,
        evidence: { kind: 'shadow', shadowTestId: test.id },
        ...(body.async === undefined ? {} : { async: body.async }),
      },
      who,
      headers['idempotency-key'],
      abandonSignal(res),
    );
    return started.queued ? acceptedJob(res, project, started.job) : started.result;
  }

  @Route(getGateReportRoute)
  async report(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof getGateReportRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const report = await this.registry.gateReports.get(project.id, path.report);
    if (!report) throw notFound(`Gate report '${path.report}'`);
    return report;
  }

  @Route(listGateReportsRoute)
  async reports(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof listGateReportsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const { alias, version, ...page } = query;
    return this.registry.gateReports.list(
      project.id,
      path.model,
      { ...(alias ? { alias } : {}), ...(version ? { version } : {}) },
      page,
    );
  }
}
