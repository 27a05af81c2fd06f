import { episodeCurves, type TCompareReturnsResult } from '@assay/core';
import type { Registry, RlRun } from '@assay/registry';
import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { abandonSignal } from '../jobs/compute/abandon-signal.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import { REGISTRY } from '../registry.token.js';
import {
  compareRlRunsRoute,
  createRlRunRoute,
  getRlRunRoute,
  listRlRunsRoute,
  postRlRewardsRoute,
  rlRunReportRoute,
} from './rl-runs.contract.js';

/** RL evaluation runs: the run, its reward batches, its report, the comparison of two agents. */
@Controller()
export class RlRunsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(COMPUTE_POOL) private readonly pool: ComputePool,
  ) {}

  @Route(createRlRunRoute)
  async create(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof createRlRunRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.rlRuns.create({ ...body, projectId: project.id }, actorOf(who));
  }

  @Route(listRlRunsRoute)
  async list(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof listRlRunsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const { agent, environment, ...page } = query;
    return this.registry.rlRuns.list(
      project.id,
      { ...(agent ? { agentName: agent } : {}), ...(environment ? { environment } : {}) },
      page,
    );
  }

  @Route(getRlRunRoute)
  async get(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof getRlRunRoute>,
  ) {
    return this.find(who, path.project, path.id);
  }

  @Route(postRlRewardsRoute)
  async rewards(
    @CurrentPrincipal() who: Principal,
    @Input() { path, headers, body }: RouteInput<typeof postRlRewardsRoute>,
  ) {
    const run = await this.find(who, path.project, path.id);
    return this.registry.rlRuns.appendRewards(run.id, headers['idempotency-key'], body.rewards);
  }

  @Route(rlRunReportRoute)
  async report(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof rlRunReportRoute>,
  ) {
    const run = await this.find(who, path.project, path.id);
    const gamma = query.gamma ?? 1;
    const episodes = await this.registry.rlRuns.episodeReturns(run.projectId, run.id, { gamma });
    // O(episodes) on the event loop: one pass for the summaries, one for LTTB.
    const curves =
      episodes.length === 0
        ? null
        : episodeCurves(episodes, query.points === undefined ? {} : { maxPoints: query.points });
    const steps = episodes.reduce((s, e) => s + e.steps, 0);
    return { run, gamma, steps, curves };
  }

  @Route(compareRlRunsRoute)
  async compare(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof compareRlRunsRoute>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const a = await this.find(who, path.project, path.id);
    const b = await this.find(who, path.project, path.other);
    const gamma = query.gamma ?? 1;
    const returnsOf = async (run: RlRun) => {
      const episodes = await this.registry.rlRuns.episodeReturns(run.projectId, run.id, { gamma });
      if (episodes.length === 0) {
        throw new ProblemError(
          problem(
            409,
            'rl-run-empty',
            `RL run '${run.name}' has no rewards yet: post rewards first`,
          ),
        );
      }
      return episodes.map((e) => e.return);
    };
    const [returnsA, returnsB] = await Promise.all([returnsOf(a), returnsOf(b)]);
    // The bootstrap draws nResamples × (episodes of A + B) indices: a compute thread's work.
    const comparison = (await this.pool.run(
      {
        kind: 'metric',
        name: 'compareReturns',
        input: { a: returnsA, b: returnsB },
        params: {
          ...(query.nResamples === undefined ? {} : { nResamples: query.nResamples }),
          ...(query.seed === undefined ? {} : { seed: query.seed }),
          ...(query.confidenceLevel === undefined
            ? {}
            : { confidenceLevel: query.confidenceLevel }),
        },
      },
      { signal: abandonSignal(res) },
    )) as TCompareReturnsResult;
    return { a, b, gamma, comparison };
  }

  private async find(who: Principal, projectName: string, id: string): Promise<RlRun> {
    const project = await resolveProject(this.registry, who, projectName);
    const run = await this.registry.rlRuns.get(project.id, id);
    if (!run) throw notFound(`RL run '${id}'`);
    return run;
  }
}
