import type { Registry } from '@assay/registry';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AbTestDirectory } from './ab-tests/ab-test-directory.js';
import { AbTestsController } from './ab-tests/ab-tests.controller.js';
import { AliasesController } from './aliases/aliases.controller.js';
import { ApiKeyGuard, AUTH_FAILURES } from './auth/api-key.guard.js';
import { ApiKeyCache } from './auth/api-key-cache.js';
import { RateLimiter } from './auth/rate-limiter.js';
import { AutoMlRunsController } from './automl-runs/automl-runs.controller.js';
import { ComparisonsController } from './comparisons/comparisons.controller.js';
import { DatasetsController } from './datasets/datasets.controller.js';
import { API_ENV, type ApiEnv, computePoolOptions } from './env.js';
import { EvaluationsController } from './evaluations/evaluations.controller.js';
import { ExperimentsController } from './experiments/experiments.controller.js';
import { ExplanationsController } from './explanations/explanations.controller.js';
import { GatesController } from './gates/gates.controller.js';
import { HealthController } from './health/health.controller.js';
import { ProblemFilter } from './http/problem.filter.js';
import { JOB_HANDLERS } from './job-handlers.js';
import { ComputePool } from './jobs/compute/compute-pool.js';
import { JobEventHub } from './jobs/job-event-hub.js';
import { JobsController } from './jobs/jobs.controller.js';
import { jobProviders } from './jobs/jobs.providers.js';
import { KeysController } from './keys/keys.controller.js';
import { MeController } from './me/me.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { ModelsController } from './models/models.controller.js';
import type { JobTelemetry } from './observability/job-telemetry.js';
import { OperationsController } from './operations/operations.controller.js';
import { OUTBOUND, type Outbound } from './outbound/outbound.js';
import { PredictionLogWriter } from './prediction-log/prediction-log-writer.js';
import { PredictionsController } from './predictions/predictions.controller.js';
import { ProjectsController } from './projects/projects.controller.js';
import { REGISTRY } from './registry.token.js';
import { ReviewController, ReviewerController } from './review/review.controller.js';
import { ReviewRecorder } from './review/review-recorder.js';
import { RlRunsController } from './rl-runs/rl-runs.controller.js';
import { RunsController } from './runs/runs.controller.js';
import { SERVER_INFO, type ServerInfo } from './server-info.js';
import { ShadowController } from './shadow/shadow.controller.js';
import { ShadowMirror } from './shadow/shadow-mirror.js';
import { TuringJudgingController } from './turing-studies/turing-judging.controller.js';
import { TuringStudiesController } from './turing-studies/turing-studies.controller.js';
import { ModelCache } from './versions/model-cache.js';

// Nest's dynamic-module pattern needs a class that holds only the static factory.
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module is a class by contract
export class AppModule {
  static register(
    registry: Registry,
    env: ApiEnv,
    info: ServerInfo,
    jobTelemetry: JobTelemetry | undefined,
    outbound: Outbound,
    compute: ComputePool = new ComputePool({ ...computePoolOptions(env), outbound }),
  ): DynamicModule {
    return {
      module: AppModule,
      controllers: [
        HealthController,
        MeController,
        KeysController,
        MetricsController,
        ModelsController,
        AliasesController,
        ExperimentsController,
        ExplanationsController,
        EvaluationsController,
        PredictionsController,
        RunsController,
        DatasetsController,
        JobsController,
        ProjectsController,
        OperationsController,
        ComparisonsController,
        GatesController,
        ShadowController,
        AbTestsController,
        RlRunsController,
        ReviewController,
        ReviewerController,
        TuringStudiesController,
        TuringJudgingController,
        AutoMlRunsController,
      ],
      providers: [
        { provide: REGISTRY, useValue: registry },
        { provide: API_ENV, useValue: env },
        { provide: SERVER_INFO, useValue: info },
        { provide: ModelCache, useValue: new ModelCache(env.ASSAY_MODEL_CACHE_SIZE) },
        { provide: OUTBOUND, useValue: outbound },
        {
          provide: ApiKeyCache,
          useValue: new ApiKeyCache(registry, env.ASSAY_AUTH_CACHE_MS),
        },
        {
          provide: RateLimiter,
          useValue: new RateLimiter(env.ASSAY_RATE_LIMIT_RPS, env.ASSAY_RATE_LIMIT_BURST),
        },
        {
          provide: AUTH_FAILURES,
          useValue: new RateLimiter(env.ASSAY_AUTH_FAILURE_RPS, env.ASSAY_AUTH_FAILURE_BURST),
        },
        {
          provide: JobEventHub,
          useValue: new JobEventHub(registry, env.ASSAY_SSE_MAX_PER_KEY, env.ASSAY_SSE_MAX_PER_JOB),
        },
        ...jobProviders(registry, env, compute, JOB_HANDLERS, jobTelemetry),
        PredictionLogWriter,
        ShadowMirror,
        AbTestDirectory,
        ReviewRecorder,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
