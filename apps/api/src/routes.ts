import { abTestRoutes } from './ab-tests/ab-tests.contract.js';
import { aliasRoutes } from './aliases/aliases.contract.js';
import { autoMlRunRoutes } from './automl-runs/automl-runs.contract.js';
import { comparisonRoutes } from './comparisons/comparisons.contract.js';
import { datasetRoutes } from './datasets/datasets.contract.js';
import { evaluationRoutes } from './evaluations/evaluations.contract.js';
import { runEvaluationRoute } from './evaluations/run-evaluation.contract.js';
import { runTextEvaluationRoute } from './evaluations/run-text-evaluation.contract.js';
import { experimentRoutes } from './experiments/experiments.contract.js';
import { explanationRoutes } from './explanations/explanations.contract.js';
import { gateRoutes } from './gates/gates.contract.js';
import { healthRoute, infoRoute, prometheusRoute, readyRoute } from './health/health.contract.js';
import { jobRoutes } from './jobs/jobs.contract.js';
import { keyRoutes } from './keys/keys.contract.js';
import { meRoute } from './me/me.contract.js';
import { computeMetricRoute, listMetricsRoute } from './metrics/metrics.contract.js';
import { modelRoutes } from './models/models.contract.js';
import type { RouteContract } from './openapi/contract.js';
import { artifactGcRoute } from './operations/operations.contract.js';
import { predictRoute } from './predictions/predictions.contract.js';
import { projectRoutes } from './projects/projects.contract.js';
import { reviewRoutes } from './review/review.contract.js';
import { rlRunRoutes } from './rl-runs/rl-runs.contract.js';
import { runRoutes } from './runs/runs.contract.js';
import { shadowRoutes } from './shadow/shadow.contract.js';
import { turingStudyRoutes } from './turing-studies/turing-studies.contract.js';

/** Every route's contract, in the order the OpenAPI document lists them. */
export const ROUTES: readonly RouteContract[] = [
  healthRoute,
  readyRoute,
  infoRoute,
  prometheusRoute,
  meRoute,
  ...projectRoutes,
  ...keyRoutes,
  listMetricsRoute,
  computeMetricRoute,
  ...modelRoutes,
  ...aliasRoutes,
  ...experimentRoutes,
  ...runRoutes,
  ...explanationRoutes,
  ...datasetRoutes,
  ...evaluationRoutes,
  runEvaluationRoute,
  runTextEvaluationRoute,
  ...jobRoutes,
  predictRoute,
  ...shadowRoutes,
  artifactGcRoute,
  ...comparisonRoutes,
  ...gateRoutes,
  ...abTestRoutes,
  ...rlRunRoutes,
  ...reviewRoutes,
  ...turingStudyRoutes,
  ...autoMlRunRoutes,
];
