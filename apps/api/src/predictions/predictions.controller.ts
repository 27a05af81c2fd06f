import type { Registry } from '@assay/registry';
import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AbTestDirectory, type UnitAssignment } from '../ab-tests/ab-test-directory.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { resolveProject } from '../auth/resolve-project.js';
import { API_ENV, type ApiEnv } from '../env.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import { Input, Route, type RouteInput } from '../http/route.js';
import { abandonSignal } from '../jobs/compute/abandon-signal.js';
import { COMPUTE_POOL, type ComputePool } from '../jobs/compute/compute-pool.js';
import { predictionWork } from '../jobs/compute/estimate.js';
import type { ModelBytes } from '../jobs/compute/protocol.js';
import { REGISTRY } from '../registry.token.js';
import { ReviewRecorder } from '../review/review-recorder.js';
import { ShadowMirror } from '../shadow/shadow-mirror.js';
import { resolveVersion, versionModelBytes } from '../versions/load-version-model.js';
import { ModelCache } from '../versions/model-cache.js';
import { predictRoute } from './predictions.contract.js';

@Controller()
export class PredictionsController {
  constructor(
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(API_ENV) private readonly env: ApiEnv,
    @Inject(ModelCache) private readonly models: ModelCache<ModelBytes>,
    @Inject(COMPUTE_POOL) private readonly compute: ComputePool,
    @Inject(ShadowMirror) private readonly shadow: ShadowMirror,
    @Inject(AbTestDirectory) private readonly abTests: AbTestDirectory,
    @Inject(ReviewRecorder) private readonly review: ReviewRecorder,
  ) {}

  @Route(predictRoute)
  async predict(
    @CurrentPrincipal() who: Principal,
    @Input() { path, body }: RouteInput<typeof predictRoute>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const project = await resolveProject(this.registry, who, path.project);
    let assigned: (UnitAssignment & { abTest: string }) | undefined;
    if (body.unit !== undefined) {
      const served = await this.abTests.resolve(who, path.project, body.unit.abTest);
      if (served.test.modelName !== path.model) {
        throw notFound(`A/B test '${body.unit.abTest}' of model '${path.model}'`);
      }
      const [unit] = await this.abTests.assignUnits(served, [body.unit.id]);
      if (unit?.version == null) {
        throw new ProblemError(
          problem(
            409,
            'conflict',
            `The variant of unit '${body.unit.id}' serves an alias that points at no version`,
          ),
        );
      }
      assigned = { ...unit, abTest: served.test.id };
      res.header('X-Assay-Ab-Variant', unit.name ?? 'holdout');
    }
    const version = await resolveVersion(
      this.registry,
      project,
      path.model,
      assigned ? { version: assigned.version as number } : body,
    );
    const model = await versionModelBytes(this.registry, this.models, version);
    // Named rows are matched to the version's feature names in the thread (where the model's own
    // names are known), so that a reordered DataFrame predicts the same as the model's order. A
    // remote model waits on the network, not the CPU: it runs on the event loop. So does a small
    // JSON-spec prediction (ASSAY_COMPUTE_INLINE_MAX, as for metrics): a thread's round trip costs
    // more than it, and it would wait behind shadow copies' background tasks in the pool.
    const rowCount = Array.isArray(body.rows) ? body.rows.length : body.rows.data.length;
    const inline =
      version.format === 'remote' ||
      predictionWork(rowCount, version) <= this.env.ASSAY_COMPUTE_INLINE_MAX;
    const at = new Date();
    const started = performance.now();
    const predictions = await this.compute.run(
      {
        kind: 'predict',
        model,
        rows: body.rows,
        featureNames: version.inputSignature?.features.map((f) => f.name),
      },
      { signal: abandonSignal(res), inline },
    );
    // Logged, and mirrored to a shadow test's candidate, after the response has gone.
    const requestId = String(res.request.id);
    const latencyMs = performance.now() - started;
    this.shadow.observe({
      projectId: project.id,
      modelName: path.model,
      alias: body.alias,
      version,
      requestId,
      rows: body.rows,
      result: predictions,
      latencyMs,
      at,
    });
    // Routed into the model's review queue (if it has a policy), after the response has gone.
    this.review.observe({
      projectId: project.id,
      modelName: path.model,
      version: version.number,
      requestId,
      rows: body.rows,
      result: predictions,
    });
    return {
      requestId,
      model: path.model,
      version: version.number,
      ...predictions,
      ...(assigned
        ? {
            abTest: {
              id: assigned.abTest,
              variant: assigned.variant,
              name: assigned.name,
              first: assigned.first,
            },
          }
        : {}),
    };
  }
}
