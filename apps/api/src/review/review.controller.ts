import type { AuthenticatedReviewer, Registry } from '@assay/registry';
import { Controller, Inject, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { REGISTRY } from '../registry.token.js';
import {
  claimReviewItemRoute,
  createReviewerRoute,
  getReviewPolicyRoute,
  listReviewersRoute,
  listReviewItemsRoute,
  reviewReportRoute,
  revokeReviewerRoute,
  setReviewPolicyRoute,
  submitPredictionsRoute,
  submitReviewRoute,
} from './review.contract.js';
import { ReviewRecorder } from './review-recorder.js';
import { computeReviewReport } from './review-report.js';
import { confidenceOf, routeOf } from './review-routing.js';
import { CurrentReviewer, ReviewerGuard } from './reviewer.guard.js';

/** The human-in-the-loop review queue: policies, items, reviewers and reports (API keys). */
@Controller()
export class ReviewController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(ReviewRecorder) private readonly recorder: ReviewRecorder,
  ) {}

  @Route(setReviewPolicyRoute)
  async setPolicy(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof setReviewPolicyRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const policy = await this.registry.reviews.setPolicy(
      { ...body, projectId: project.id, modelName: path.model },
      actorOf(who),
    );
    this.recorder.forget(project.id, path.model);
    return policy;
  }

  @Route(getReviewPolicyRoute)
  async getPolicy(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof getReviewPolicyRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const policy = await this.registry.reviews.getPolicy(project.id, path.model);
    if (policy === null) throw notFound(`Review policy of model '${path.model}'`);
    return policy;
  }

  @Route(listReviewItemsRoute)
  async listItems(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof listReviewItemsRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const page = await this.registry.reviews.listItems(project.id, path.model, query);
    const counts = await this.registry.reviews.counts(project.id, path.model);
    return { ...page, counts };
  }

  @Route(submitPredictionsRoute)
  async submitPredictions(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof submitPredictionsRoute>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const policy = await this.registry.reviews.getPolicy(project.id, path.model);
    if (policy === null) {
      throw new ProblemError(
        problem(409, 'conflict', `Model '${path.model}' has no review policy: set one first`),
      );
    }
    const version = await this.registry.versions.get(project.id, path.model, body.version);
    if (version === null) throw notFound(`Version ${body.version} of model '${path.model}'`);
    const requestId = String(res.request.id);
    const rows = body.predictions.map((p, i) => {
      const kind = p.probabilities.length === 1 ? 'binary' : 'multiclass';
      const confidence = confidenceOf(kind, p.probabilities) as number;
      return {
        projectId: project.id,
        modelId: policy.modelId,
        version: version.number,
        requestId: p.requestId ?? requestId,
        rowIndex: i,
        features: p.features,
        prediction: p.prediction,
        confidence,
        ...routeOf(policy, confidence),
      };
    });
    const { count } = await this.registry.reviews.record(rows);
    const queued = rows.filter((r) => r.status === 'pending').length;
    return { recorded: count, queued, automated: count - queued };
  }

  @Route(createReviewerRoute)
  async createReviewer(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof createReviewerRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.reviews.createReviewer(
      { projectId: project.id, modelName: path.model, name: body.name },
      actorOf(who),
    );
  }

  @Route(listReviewersRoute)
  async listReviewers(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof listReviewersRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.reviews.listReviewers(project.id, path.model);
  }

  @Route(revokeReviewerRoute)
  async revokeReviewer(
    @CurrentPrincipal() who: Principal,
    @Input() { path }: RouteInput<typeof revokeReviewerRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    return this.registry.reviews.revokeReviewer(
      project.id,
      path.model,
      path.reviewer,
      actorOf(who),
    );
  }

  @Route(reviewReportRoute)
  async report(
    @CurrentPrincipal() who: Principal,
    @Input() { path, query }: RouteInput<typeof reviewReportRoute>,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    const items = await this.registry.reviews.reportData(project.id, path.model, query);
    const policy = await this.registry.reviews.getPolicy(project.id, path.model);
    return computeReviewReport(path.model, policy, items);
  }
}

/** What reviewers call, with their reviewer token (the ReviewerGuard), never an API key. */
@Controller()
@UseGuards(ReviewerGuard)
export class ReviewerController {
  constructor(@Inject(REGISTRY) private readonly registry: Registry) {}

  @Route(claimReviewItemRoute)
  async claim(
    @CurrentReviewer() reviewer: AuthenticatedReviewer,
    @Input() { body }: RouteInput<typeof claimReviewItemRoute>,
  ) {
    const item = await this.registry.reviews.claim(reviewer, {
      ...(body.itemId === undefined ? {} : { itemId: body.itemId }),
    });
    return { item };
  }

  @Route(submitReviewRoute)
  async review(
    @CurrentReviewer() reviewer: AuthenticatedReviewer,
    @Input() { path, body }: RouteInput<typeof submitReviewRoute>,
  ) {
    return this.registry.reviews.submitReview(reviewer, path.item, body);
  }
}
