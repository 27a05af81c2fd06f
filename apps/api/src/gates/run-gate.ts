import type { EvaluationMetricRequest } from '@assay/core';
import type {
  GatePolicy,
  GateReport,
  Project,
  TCreateComparisonSchema,
  TGateEvidenceSchema,
} from '@assay/registry';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import type { Principal } from '../auth/principal.js';
import { type ComparisonDeps, compareVersions } from '../comparisons/run-comparison.js';
import { toEvaluationInput } from '../evaluations/run-evaluation.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { type RunOrQueued, runOrQueue } from '../jobs/run-or-queue.js';
import {
  compareLabelledRows,
  computeShadowReport,
  type LabelledRows,
  MAX_COMPARED_ROWS,
  type ShadowReport,
} from '../shadow/shadow-report.js';
import { versionModelBytes } from '../versions/load-version-model.js';
import { evaluateGateChecks, type LiveComparison } from './evaluate-checks.js';
import type { ZRunGateBodySchema } from './gates.contract.js';

/**
 * The batch test a policy's metric and fairness checks need: each metric once (a fairness check
 * reads its sensitive column as the metric's `sensitive` input). Two checks asking one metric with
 * different params or columns cannot share one evaluation: a 400.
 */
export function gateEvaluationMetrics(policy: GatePolicy): EvaluationMetricRequest[] {
  const byName = new Map<string, EvaluationMetricRequest>();
  for (const check of policy.checks) {
    let request: EvaluationMetricRequest | undefined;
    if (check.kind === 'threshold') {
      request = { name: check.metric, ...(check.params ? { params: check.params } : {}) };
    } else if (check.kind === 'fairness') {
      request = {
        name: check.metric,
        ...(check.params ? { params: check.params } : {}),
        inputs: { sensitive: check.column },
      };
    }
    if (request === undefined) continue;
    const earlier = byName.get(request.name);
    if (earlier && JSON.stringify(earlier) !== JSON.stringify(request)) {
      throw new ProblemError(
        problem(
          400,
          'invalid-request',
          `Gate policy version ${policy.version} asks ${request.name} twice with different params or columns; a gate's batch test computes each metric once`,
        ),
      );
    }
    byName.set(request.name, request);
  }
  return [...byName.values()];
}

/** The metrics relative checks compare (each once). */
function comparisonMetrics(
  policy: GatePolicy,
): { name: string; params?: Record<string, unknown> }[] {
  const byName = new Map<string, { name: string; params?: Record<string, unknown> }>();
  for (const check of policy.checks) {
    if (check.kind === 'relative' && !byName.has(check.metric)) {
      byName.set(check.metric, {
        name: check.metric,
        ...(check.params ? { params: check.params } : {}),
      });
    }
  }
  return [...byName.values()];
}

/**
 * Runs a gate: the candidate's batch test on the policy's reference dataset (metrics, fairness,
 * predict timing), its comparison with the alias's current holder (relative checks), each check
 * judged (`evaluateGateChecks`), and the report stored with the evaluation and comparison it used,
 * in one transaction (once per job). Requests and gate jobs share it.
 */
export async function runGate(
  deps: ComparisonDeps,
  project: Project,
  policy: GatePolicy,
  candidateNumber: number,
  options: {
    actor: string | null;
    signal?: AbortSignal | undefined;
    job?: boolean;
    jobId?: string;
    /** Started from this shadow test of the candidate: its live summary goes into the report. */
    shadowTestId?: string;
    /** Started by this A/B test's decision: its report goes into the evidence. */
    abTestId?: string;
    onProgress?: (progress: { fraction: number; message?: string }) => Promise<void>;
  },
): Promise<GateReport> {
  const { registry } = deps;
  const candidate = await registry.versions.get(project.id, policy.modelName, candidateNumber);
  if (!candidate) throw notFound(`Version ${candidateNumber} of model '${policy.modelName}'`);
  const dataset = await registry.datasets.get(project.id, policy.datasetId);
  if (!dataset) throw notFound(`Dataset '${policy.datasetId}'`);
  const held = await registry.aliases.get(project.id, policy.modelName, policy.alias);
  const holder =
    held?.version != null
      ? await registry.versions.get(project.id, policy.modelName, held.version)
      : null;
  const runOptions = {
    signal: options.signal,
    ...(options.job ? { job: true } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  const metrics = gateEvaluationMetrics(policy);
  const latency = policy.checks.find((c) => c.kind === 'latency');
  let evaluation: ReturnType<typeof toEvaluationInput> | undefined;
  let evaluated: { name: string; value: number | null }[] = [];
  let callMs: number[] = [];
  if (metrics.length > 0) {
    const [model, bytes] = await Promise.all([
      versionModelBytes(registry, deps.models, candidate),
      registry.datasets.read(dataset),
    ]);
    const result = await deps.compute.run(
      {
        kind: 'evaluation',
        model,
        dataset: { format: dataset.format, bytes },
        spec: {
          target: policy.target,
          metrics,
          ...(policy.features ? { features: policy.features } : {}),
        },
        ...(latency ? { timing: { batchRows: latency.batchRows ?? 1 } } : {}),
      },
      runOptions,
    );
    evaluated = result.report.metrics;
    callMs = result.callMs ?? [];
    evaluation = toEvaluationInput(
      project,
      policy.modelName,
      candidate.number,
      result.report,
      result.fingerprint,
      { actor: options.actor, datasetId: dataset.id },
    );
  }
  const relative = comparisonMetrics(policy);
  let comparison: TCreateComparisonSchema | undefined;
  if (relative.length > 0 && holder && holder.number !== candidate.number) {
    comparison = await compareVersions(
      deps,
      {
        project,
        modelName: policy.modelName,
        candidate,
        baseline: holder,
        baselineAlias: policy.alias,
        dataset,
      },
      {
        target: policy.target,
        metrics: relative,
        ...(policy.features ? { features: policy.features } : {}),
        ...(policy.confidence ? { confidence: policy.confidence } : {}),
        alpha: policy.alpha,
      },
      { ...runOptions, actor: options.actor },
    );
  }
  const live = options.shadowTestId
    ? await liveEvidence(registry, project.id, options.shadowTestId, policy, relative)
    : undefined;
  const checks = evaluateGateChecks(policy, {
    candidateVersion: candidate.number,
    holderVersion: holder?.number ?? null,
    metrics: evaluated as never,
    callMs,
    comparison: comparison?.report ?? null,
    artifactBytes: candidate.sizeBytes,
    live: live?.comparison ?? null,
  });
  const evidence: TGateEvidenceSchema = options.abTestId
    ? {
        kind: 'abTest',
        abTestId: options.abTestId,
        datasetId: dataset.id,
        report: await abTestReport(registry, project.id, options.abTestId),
      }
    : options.shadowTestId && live
      ? {
          kind: 'shadow',
          shadowTestId: options.shadowTestId,
          datasetId: dataset.id,
          live: live.summary,
        }
      : { kind: 'dataset', datasetId: dataset.id };
  return registry.gateReports.create({
    projectId: project.id,
    modelName: policy.modelName,
    policyId: policy.id,
    candidateVersion: candidate.number,
    holderVersion: holder?.number ?? null,
    checks,
    evidence,
    ...(evaluation ? { evaluation } : {}),
    ...(comparison
      ? { comparison: { ...comparison, ...(options.jobId ? { jobId: options.jobId } : {}) } }
      : {}),
    ...(options.jobId ? { jobId: options.jobId } : {}),
    ...(options.actor ? { createdBy: options.actor } : {}),
  });
}

/** The report an A/B test's decision rested on (its winner is the gate's candidate). */
async function abTestReport(
  registry: ComparisonDeps['registry'],
  projectId: string,
  abTestId: string,
): Promise<Record<string, unknown>> {
  const test = await registry.abTests.get(projectId, abTestId);
  if (!test?.decision) throw notFound(`The decision of A/B test '${abTestId}'`);
  return { abTest: test.name, winner: test.decision.winnerName, ...test.decision.report };
}

/** The most mirrored requests a gate reads from its shadow test (the newest). */
const SHADOW_MAX_PAIRS = 100_000;

/**
 * What a shadow test saw on live traffic when the gate ran. `summary`, for the report: its
 * status, mirrored requests, agreement or difference, the candidate's error and timeout rates,
 * latencies, and the labelled rows' paired comparison (each metric's values, delta, interval and
 * test). `comparison`, for the relative checks: once labels exist, each relative check's metric
 * compared on the labelled rows with the policy's confidence and α (or why it cannot be).
 */
async function liveEvidence(
  registry: ComparisonDeps['registry'],
  projectId: string,
  shadowTestId: string,
  policy: GatePolicy,
  relative: { name: string; params?: Record<string, unknown> }[],
): Promise<{ summary: Record<string, unknown>; comparison: LiveComparison | null }> {
  const test = await registry.shadowTests.get(projectId, shadowTestId);
  if (!test) throw notFound(`Shadow test '${shadowTestId}'`);
  const pairs = await registry.shadowTests.pairs(projectId, test.id, SHADOW_MAX_PAIRS);
  let labelled: LabelledRows | undefined;
  const report: ShadowReport = computeShadowReport(test, pairs, {
    maxPairs: SHADOW_MAX_PAIRS,
    dropped: 0,
    compare: (rows) => {
      labelled = rows;
      return compareLabelledRows(rows);
    },
  });
  let comparison: LiveComparison | null = null;
  if (labelled !== undefined && relative.length > 0) {
    const rows = labelled;
    comparison = { rows: Math.min(rows.yTrue.length, MAX_COMPARED_ROWS), metrics: {} };
    // One metric at a time: a metric these rows cannot give (one that needs scores) is said so
    // for its check, and the others are still judged.
    for (const metric of relative) {
      try {
        const [m] = compareLabelledRows(rows, {
          metrics: [metric],
          ...(policy.confidence ? { confidence: policy.confidence } : {}),
          alpha: policy.alpha,
        }).metrics;
        comparison.metrics[metric.name] = m ?? { unavailable: 'no value' };
      } catch (error) {
        comparison.metrics[metric.name] = { unavailable: (error as Error).message };
      }
    }
  }
  const summary = {
    status: report.test.status,
    requests: report.requests,
    candidate: {
      errorRate: report.candidate.errorRate,
      timeoutRate: report.candidate.timeoutRate,
    },
    agreement: report.agreement,
    difference: report.difference,
    latencyMs: report.latencyMs,
    labelled: {
      requests: report.labelled.requests,
      rows: report.labelled.rows,
      metrics:
        report.labelled.comparison?.metrics.map((m) => ({
          metric: m.metric,
          candidate: m.candidate,
          baseline: m.baseline,
          delta: m.delta,
          interval: m.interval,
          test: m.test ? { name: m.test.name, pValue: m.test.pValue } : null,
          significantlyWorse: m.significantlyWorse,
        })) ?? null,
    },
  };
  return { summary, comparison };
}

export type StartedGate = RunOrQueued<GateReport>;

/**
 * `POST …/aliases/{alias}/gate-runs`: runs the current policy version of the alias's gate on a
 * candidate version, within the request or as a job (`runOrQueue`: asked, keyed, or more rows
 * than a request runs). The evidence is the policy's reference dataset.
 */
export async function startGate(
  deps: ComparisonDeps & { queue: JobQueue; syncMaxRows: number },
  project: Project,
  target: { modelName: string; alias: string },
  request: z.infer<typeof ZRunGateBodySchema>,
  who: Principal,
  idempotencyKey?: string,
  signal?: AbortSignal,
  /** Started by an A/B test's decision (`POST …/ab-tests/{id}/stop` with a winner). */
  from?: { abTestId: string },
): Promise<StartedGate> {
  const { registry } = deps;
  const actor = actorOf(who);
  return runOrQueue(
    deps,
    { kind: 'gate', project, who, body: request, idempotencyKey },
    async () => {
      const policy = await registry.gatePolicies.get(project.id, target.modelName, target.alias);
      if (!policy)
        throw notFound(`A gate policy for alias '${target.alias}' of model '${target.modelName}'`);
      let shadowTestId: string | undefined;
      if (request.evidence?.kind === 'shadow') {
        shadowTestId = request.evidence.shadowTestId;
        await checkShadowEvidence(registry, project.id, target, request.version, shadowTestId);
      } else if (request.evidence && request.evidence.datasetId !== policy.datasetId) {
        throw new ProblemError(
          problem(
            400,
            'invalid-request',
            `The gate of alias '${target.alias}' (policy version ${policy.version}) runs on its reference dataset ${policy.datasetId}, not ${request.evidence.datasetId}`,
            {
              errors: [{ path: 'body.evidence.datasetId', message: `must be ${policy.datasetId}` }],
            },
          ),
        );
      }
      gateEvaluationMetrics(policy);
      const version = await registry.versions.get(project.id, target.modelName, request.version);
      if (!version) throw notFound(`Version ${request.version} of model '${target.modelName}'`);
      const dataset = await registry.datasets.get(project.id, policy.datasetId);
      if (!dataset) throw notFound(`Dataset '${policy.datasetId}'`);
      return {
        heavy: dataset.rows > deps.syncMaxRows,
        run: () =>
          runGate(deps, project, policy, request.version, {
            actor,
            signal,
            ...(shadowTestId ? { shadowTestId } : {}),
            ...(from ? { abTestId: from.abTestId } : {}),
          }),
        jobInput: async () => ({
          model: target.modelName,
          alias: target.alias,
          policyVersion: policy.version,
          version: request.version,
          ...(shadowTestId ? { shadowTestId } : {}),
          ...(from ? { abTestId: from.abTestId } : {}),
        }),
      };
    },
  );
}

/**
 * A gate started from a shadow test judges that test's candidate on the alias it shadows: the
 * test must be of this model and alias, and its candidate this version. A remote endpoint
 * shadowed as is (a staging test) is gated once registered as a version (a remote descriptor).
 */
async function checkShadowEvidence(
  registry: ComparisonDeps['registry'],
  projectId: string,
  target: { modelName: string; alias: string },
  version: number,
  shadowTestId: string,
): Promise<void> {
  const test = await registry.shadowTests.get(projectId, shadowTestId);
  if (!test || test.modelName !== target.modelName) {
    throw notFound(`Shadow test '${shadowTestId}' of model '${target.modelName}'`);
  }
  const invalid = (detail: string) =>
    new ProblemError(
      problem(400, 'invalid-request', detail, {
        errors: [{ path: 'body.evidence.shadowTestId', message: detail }],
      }),
    );
  if (test.alias !== target.alias) {
    throw invalid(`Shadow test ${test.id} shadows alias '${test.alias}', not '${target.alias}'`);
  }
  if (test.candidate.kind !== 'version') {
    throw invalid(
      `Shadow test ${test.id} mirrors a remote endpoint that is not a registered version: register it as a version (format remote) and shadow that version to gate it`,
    );
  }
  if (test.candidate.version !== version) {
    throw invalid(
      `Shadow test ${test.id} shadows version ${test.candidate.version}, not version ${version}`,
    );
  }
}
