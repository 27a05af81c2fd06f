import type { Registry } from '@assay/registry';
import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { abandonSignal } from '../jobs/compute/abandon-signal.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import { REGISTRY } from '../registry.token.js';
import { buildTuringReport } from './turing-report.js';
import {
  addTuringItemsRoute,
  closeTuringStudyRoute,
  createTuringStudyRoute,
  getTuringStudyRoute,
  inviteTuringJudgeRoute,
  listTuringItemsRoute,
  listTuringJudgesRoute,
  listTuringStudiesRoute,
  openTuringStudyRoute,
  revokeTuringJudgeRoute,
  turingReportRoute,
} from './turing-studies.contract.js';

/** Turing studies as their owner sees them: items, judges, opening and closing, the report. */
@Controller()
export class TuringStudiesController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(COMPUTE_POOL) private readonly pool: ComputePool,
  ) {}

  private async study(who: Principal, path: { project: string; id: string }) {
    const project = await resolveProject(this.registry, who, path.project);
    const study = await this.registry.turingStudies.get(project.id, path.id);
    if (!study) throw notFound(`Turing study '${path.id}'`);
    return study;
  }

  @Route(createTuringStudyRoute)
  async create(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof createTuringStudyRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.turingStudies.create({ ...body, projectId: project.id }, actorOf(who));
  }

  @Route(listTuringStudiesRoute)
  async list(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof listTuringStudiesRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const { status, ...page } = query;
    return this.registry.turingStudies.list(project.id, status ? { status } : {}, page);
  }

  @Route(getTuringStudyRoute)
  get(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof getTuringStudyRoute>,
  ) {
    return this.study(who, path);
  }

  @Route(addTuringItemsRoute)
  async addItems(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof addTuringItemsRoute>,
  ) {
    const study = await this.study(who, path);
    return this.registry.turingStudies.addItems(
      study.projectId,
      study.id,
      body.items,
      actorOf(who),
    );
  }

  @Route(listTuringItemsRoute)
  async listItems(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof listTuringItemsRoute>,
  ) {
    const study = await this.study(who, path);
    return this.registry.turingStudies.listItems(study.projectId, study.id, query);
  }

  @Route(openTuringStudyRoute)
  async open(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof openTuringStudyRoute>,
  ) {
    const study = await this.study(who, path);
    return this.registry.turingStudies.setStatus(study.projectId, study.id, 'open', actorOf(who));
  }

  @Route(closeTuringStudyRoute)
  async close(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof closeTuringStudyRoute>,
  ) {
    const study = await this.study(who, path);
    return this.registry.turingStudies.setStatus(study.projectId, study.id, 'closed', actorOf(who));
  }

  @Route(inviteTuringJudgeRoute)
  async invite(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof inviteTuringJudgeRoute>,
  ) {
    const study = await this.study(who, path);
    const { token, judge } = await this.registry.turingStudies.inviteJudge(
      study.projectId,
      study.id,
      body,
      actorOf(who),
    );
    // The portal's route handler stores the token in an HTTP-only cookie and redirects to a
    // clean URL, so the token does not stay in the address bar or the history.
    const link = `/turing/judge/${encodeURIComponent(path.project)}/${study.id}/${token}`;
    return { token, link, judge };
  }

  @Route(listTuringJudgesRoute)
  async listJudges(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof listTuringJudgesRoute>,
  ) {
    const study = await this.study(who, path);
    return { items: await this.registry.turingStudies.listJudges(study.projectId, study.id) };
  }

  @Route(revokeTuringJudgeRoute)
  async revoke(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof revokeTuringJudgeRoute>,
  ) {
    const study = await this.study(who, path);
    return this.registry.turingStudies.revokeJudge(
      study.projectId,
      study.id,
      path.judge,
      actorOf(who),
    );
  }

  @Route(turingReportRoute)
  async report(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof turingReportRoute>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const study = await this.study(who, path);
    return buildTuringReport(this.registry, this.pool, study, abandonSignal(res));
  }
}
