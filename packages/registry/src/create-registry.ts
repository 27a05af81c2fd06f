import * as abTestFunctions from './ab-tests/ab-test.functions.js';
import * as aliasFunctions from './aliases/alias.functions.js';
import * as apiKeyFunctions from './api-keys/api-key.functions.js';
import * as artifactFunctions from './artifacts/artifact.functions.js';
import * as autoMlRunFunctions from './automl-runs/automl-run.functions.js';
import { bindContext } from './bind-context.js';
import * as comparisonFunctions from './comparisons/comparison.functions.js';
import type { RegistryContext } from './context.js';
import * as datasetFunctions from './datasets/dataset.functions.js';
import { withDbErrors } from './db/map-db-error.js';
import { RegistryError } from './errors.js';
import * as evaluationFunctions from './evaluations/evaluation.functions.js';
import * as experimentFunctions from './experiments/experiment.functions.js';
import * as gatePolicyFunctions from './gates/gate-policy.functions.js';
import * as gateReportFunctions from './gates/gate-report.functions.js';
import * as jobFunctions from './jobs/job.functions.js';
import * as modelFunctions from './models/model.functions.js';
import * as predictionLogFunctions from './prediction-logs/prediction-log.functions.js';
import * as projectFunctions from './projects/project.functions.js';
import * as reviewFunctions from './reviews/review.functions.js';
import * as rlRunFunctions from './rl-runs/rl-run.functions.js';
import * as runFunctions from './runs/run.functions.js';
import * as shadowTestFunctions from './shadow-tests/shadow-test.functions.js';
import * as turingStudyFunctions from './turing-studies/turing-study.functions.js';
import * as versionFunctions from './versions/version.functions.js';

/**
 * The facade: each entity folder's functions bound to one context. The `Registry` type is this
 * function's return type (`registry.ts`): a new namespace is one line here.
 */
export function createRegistry(
  ctx: RegistryContext,
  backend: 'embedded' | 'postgres',
  release: () => Promise<void>,
) {
  let closing: Promise<void> | undefined;
  return {
    /** Which database the registry opened. */
    get backend() {
      return backend;
    },
    /** Resolves when the database answers; throws `RegistryError('unavailable')` otherwise. */
    async ping(): Promise<void> {
      try {
        await withDbErrors(() => ctx.db.$queryRawUnsafe('SELECT 1'));
      } catch (error) {
        if (error instanceof RegistryError) throw error;
        throw new RegistryError(
          'unavailable',
          `Database did not answer: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    },
    /** Releases the database (and the embedded data directory's lock). Idempotent. */
    close(): Promise<void> {
      closing ??= release();
      return closing;
    },
    projects: bindContext(ctx, projectFunctions),
    apiKeys: bindContext(ctx, apiKeyFunctions),
    models: bindContext(ctx, modelFunctions),
    versions: bindContext(ctx, versionFunctions),
    aliases: bindContext(ctx, aliasFunctions),
    evaluations: bindContext(ctx, evaluationFunctions),
    artifacts: bindContext(ctx, artifactFunctions),
    datasets: bindContext(ctx, datasetFunctions),
    /**
     * Long-running work (evaluations, explanations…). The row is the source of truth; a queue may
     * carry its id. A claim returns an `attempt` number: the attempt owns the job while it runs
     * and no later claim happened, and only the owner may heartbeat, complete, fail or mark it
     * cancelled.
     */
    jobs: bindContext(ctx, jobFunctions),
    experiments: bindContext(ctx, experimentFunctions),
    runs: bindContext(ctx, runFunctions),
    comparisons: bindContext(ctx, comparisonFunctions),
    /** Gate policies: one immutable version per update, guarding an alias of a model. */
    gatePolicies: bindContext(ctx, gatePolicyFunctions),
    gateReports: bindContext(ctx, gateReportFunctions),
    /** Shadow (and staging) tests on an alias: a candidate answering a copy of live traffic. */
    shadowTests: bindContext(ctx, shadowTestFunctions),
    /** The prediction log (append-heavy, batched), labels by request id, the per-model policy. */
    predictionLogs: bindContext(ctx, predictionLogFunctions),
    /** Online A/B tests of versions: sticky assignment, exposures, outcome events, aggregates. */
    abTests: bindContext(ctx, abTestFunctions),
    /** RL evaluation runs: an agent's rewards in keyed batches, episode returns for the report. */
    rlRuns: bindContext(ctx, rlRunFunctions),
    /** Human-in-the-loop review: a model's policy, its queue of predictions, reviewers, claims, reviews. */
    reviews: bindContext(ctx, reviewFunctions),
    /** Turing tests: studies, items, judges invited by token, blinded judging, report data. */
    turingStudies: bindContext(ctx, turingStudyFunctions),
    autoMlRuns: bindContext(ctx, autoMlRunFunctions),
  };
}
