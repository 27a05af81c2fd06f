import type { Registry } from '@assay/registry';
import { Controller, Inject } from '@nestjs/common';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { API_ENV, type ApiEnv } from '../env.js';
import { notFound } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.js';
import { REGISTRY } from '../registry.token.js';
import { ModelCache } from '../versions/model-cache.js';
import { analyzeTest } from './ab-test-analysis.js';
import { AbTestDirectory } from './ab-test-directory.js';
import { planFor } from './ab-test-plan.js';
import {
  abTestAnalysisRoute,
  assignAbTestRoute,
  createAbTestRoute,
  getAbTestRoute,
  listAbTestsRoute,
  logAbEventsRoute,
  stopAbTestRoute,
  updateAbTestRoute,
} from './ab-tests.contract.js';
import { stopAbTest } from './stop-ab-test.js';

/** Online A/B tests of model versions: the test, assignment, outcomes, analysis, decision. */
@Controller()
export class AbTestsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(AbTestDirectory) private readonly directory: AbTestDirectory,
    @Inject(ModelCache) private readonly models: ModelCache<ModelBytes>,
    @Inject(COMPUTE_POOL) private readonly compute: ComputePool,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  @Route(createAbTestRoute)
  async create(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof createAbTestRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const { model, ...rest } = body;
    const planResult = rest.plan ? planFor(rest.plan, rest.variants.length) : undefined;
    return this.registry.abTests.create(
      { ...rest, projectId: project.id, modelName: model, ...(planResult ? { planResult } : {}) },
      actorOf(who),
    );
  }

  @Route(listAbTestsRoute)
  async list(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof listAbTestsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const { model, status, ...page } = query;
    return this.registry.abTests.list(
      project.id,
      { ...(model ? { modelName: model } : {}), ...(status ? { status } : {}) },
      page,
    );
  }

  @Route(getAbTestRoute)
  async get(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof getAbTestRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const test = await this.registry.abTests.get(project.id, path.id);
    if (!test) throw notFound(`A/B test '${path.id}'`);
    return test;
  }

  @Route(updateAbTestRoute)
  async update(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof updateAbTestRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const updated = await this.registry.abTests.update(project.id, path.id, body, actorOf(who));
    this.directory.invalidate(path.id);
    return updated;
  }

  @Route(assignAbTestRoute)
  async assign(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof assignAbTestRoute>,
  ) {
    const served = await this.directory.resolve(who, path.project, path.id);
    const assignments = await this.directory.assignUnits(served, body.units);
    return { abTest: served.test.id, status: served.test.status, assignments };
  }

  @Route(logAbEventsRoute)
  async events(
    @CurrentPrincipal() who: Principal,
    @Input() { path, headers, body }: RouteInput<typeof logAbEventsRoute>,
  ) {
    const served = await this.directory.resolve(who, path.project, path.id);
    return this.registry.abTests.appendEvents(
      served.test.id,
      headers['idempotency-key'],
      body.events,
    );
  }

  @Route(abTestAnalysisRoute)
  async analysis(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof abTestAnalysisRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const test = await this.registry.abTests.get(project.id, path.id);
    if (!test) throw notFound(`A/B test '${path.id}'`);
    const [result, exposuresByDay] = await Promise.all([
      analyzeTest(this.registry, test, {
        method: query.method,
        correction: query.correction,
        cuped: query.cuped === undefined ? undefined : query.cuped === 'true',
        days: query.days,
      }),
      this.registry.abTests.exposuresByDay(test.id),
    ]);
    return { abTest: test, ...result, exposuresByDay };
  }

  @Route(stopAbTestRoute)
  async stop(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof stopAbTestRoute>,
  ) {
    // Read fresh: a decision must not rest on a cached configuration.
    this.directory.invalidate(path.id);
    const served = await this.directory.resolve(who, path.project, path.id);
    try {
      return await stopAbTest(
        {
          registry: this.registry,
          models: this.models,
          compute: this.compute,
          queue: this.queue,
          syncMaxRows: this.env.ASSAY_SYNC_MAX_ROWS,
        },
        served,
        body,
        who,
      );
    } finally {
      this.directory.invalidate(path.id);
    }
  }
}
