import type { Registry } from '@assay/registry';
import { Controller, Inject } from '@nestjs/common';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import { checkArtifact } from '../models/check-artifact.js';
import { OUTBOUND, type Outbound } from '../outbound/outbound.js';
import { REGISTRY } from '../registry.token.js';
import {
  getLogPolicyRoute,
  getShadowTestRoute,
  listPredictionLogRoute,
  listShadowTestsRoute,
  sendLabelsRoute,
  setLogPolicyRoute,
  shadowReportRoute,
  startShadowTestRoute,
  stopShadowTestRoute,
} from './shadow.contract.js';
import { ShadowMirror } from './shadow-mirror.js';
import { compareLabelledRows, computeShadowReport } from './shadow-report.js';

/** The most mirrored requests one report reads (the newest). */
export const REPORT_MAX_PAIRS = 100_000;

/** Shadow and staging tests on live traffic, the prediction log and labels. */
@Controller()
export class ShadowController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(ShadowMirror) private readonly mirror: ShadowMirror,
    @Inject(OUTBOUND) private readonly outbound: Outbound,
    @Inject(COMPUTE_POOL) private readonly compute: ComputePool,
  ) {}

  @Route(startShadowTestRoute)
  async start(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof startShadowTestRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    if ('remote' in body.candidate) {
      // The staging endpoint is checked as a remote version's descriptor is at upload: its shape,
      // and its URL against the outbound policy (checked again on every call).
      const bytes = new TextEncoder().encode(JSON.stringify(body.candidate.remote));
      await checkArtifact(
        { format: 'remote', inputSignature: null, outputSignature: null },
        bytes,
        {
          outbound: this.outbound,
          compute: this.compute,
        },
      );
    }
    const test = await this.registry.shadowTests.start(
      { ...body, projectId: project.id, modelName: path.model, alias: path.alias },
      actorOf(who),
    );
    await this.mirror.started(project.id, path.model, path.alias);
    return test;
  }

  @Route(listShadowTestsRoute)
  async list(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query: page }: RouteInput<typeof listShadowTestsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.shadowTests.list(project.id, path.model, page);
  }

  @Route(getShadowTestRoute)
  async get(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof getShadowTestRoute>,
  ) {
    return this.find(who, path);
  }

  @Route(stopShadowTestRoute)
  async stop(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof stopShadowTestRoute>,
  ) {
    const test = await this.find(who, path);
    const stopped = await this.registry.shadowTests.stop(test.projectId, test.id, actorOf(who));
    this.mirror.forget(test.projectId, test.modelName, test.alias);
    return stopped;
  }

  @Route(shadowReportRoute)
  async report(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof shadowReportRoute>,
  ) {
    const test = await this.find(who, path);
    const pairs = await this.registry.shadowTests.pairs(test.projectId, test.id, REPORT_MAX_PAIRS);
    return computeShadowReport(test, pairs, {
      maxPairs: REPORT_MAX_PAIRS,
      dropped: this.mirror.droppedFor(test.id),
      compare: compareLabelledRows,
      ...(query.buckets === undefined ? {} : { buckets: query.buckets }),
    });
  }

  @Route(sendLabelsRoute)
  async labels(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof sendLabelsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.predictionLogs.addLabels({
      projectId: project.id,
      modelName: path.model,
      labels: body.labels,
    });
  }

  @Route(getLogPolicyRoute)
  async policy(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof getLogPolicyRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const policy = await this.registry.predictionLogs.getPolicy(project.id, path.model);
    if (!policy) throw notFound(`Model '${path.model}'`);
    return policy;
  }

  @Route(setLogPolicyRoute)
  async setPolicy(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof setLogPolicyRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.predictionLogs.setPolicy(
      { ...body, projectId: project.id, modelName: path.model },
      actorOf(who),
    );
  }

  @Route(listPredictionLogRoute)
  async log(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof listPredictionLogRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return { items: await this.registry.predictionLogs.list(project.id, path.model, query) };
  }

  /** The test named by the path (its project and model), or a 404. */
  private async find(who: Principal, path: { project: string; model: string; id: string }) {
    const project = await resolveProject(this.registry, who, path.project);
    const test = await this.registry.shadowTests.get(project.id, path.id);
    if (!test || test.modelName !== path.model) {
      throw notFound(`Shadow test ${path.id} of model '${path.model}'`);
    }
    return test;
  }
}
