import type { AbTest, GateReport, Job, Registry } from '@assay/registry';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { type Principal, roleAtLeast } from '../auth/principal.js';
import type { ComparisonDeps } from '../comparisons/run-comparison.js';
import { startGate } from '../gates/run-gate.js';
import { ProblemError, problem } from '../http/problem.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { analyzeTest } from './ab-test-analysis.js';
import type { ServedAbTest } from './ab-test-directory.js';
import type { ZStopAbTestBodySchema } from './ab-tests.contract.js';

export interface StopDeps extends ComparisonDeps {
  registry: Registry;
  queue: JobQueue;
  syncMaxRows: number;
}

/**
 * `POST …/ab-tests/{id}/stop`: analyses the test, refuses a winner while the sample ratio is off
 * (unless an admin overrides with a reason), stores the decision with the report, and for a
 * winner other than the control on a test with an alias, runs that alias's gate on the winner's
 * version with the report as evidence. The gate's report is what an alias move cites.
 */
export async function stopAbTest(
  deps: StopDeps,
  served: ServedAbTest,
  body: z.infer<typeof ZStopAbTestBodySchema>,
  who: Principal,
): Promise<{ abTest: AbTest; gate: { report: GateReport | null; job: Job | null } | null }> {
  const { registry } = deps;
  const { project, test, versions } = served;
  const conflict = (detail: string) => new ProblemError(problem(409, 'conflict', detail));
  if (test.status !== 'running')
    throw conflict(`A/B test ${test.id} is not running (${test.status})`);
  let winner: number | null = null;
  if (body.winner !== null) {
    winner = test.variants.findIndex((v) => v.name === body.winner);
    if (winner < 0) {
      const detail = `No variant '${body.winner}' in A/B test ${test.id} (variants: ${test.variants.map((v) => v.name).join(', ')})`;
      throw new ProblemError(
        problem(400, 'invalid-request', detail, {
          errors: [{ path: 'body.winner', message: detail }],
        }),
      );
    }
  }
  if (body.override && !roleAtLeast(who.apiKey.role, 'admin')) {
    throw new ProblemError(
      problem(403, 'forbidden', 'Only an admin key may override a refused A/B decision'),
    );
  }
  const { analysis, until } = await analyzeTest(registry, test, {});
  if (winner !== null && analysis.srm.flagged && !body.override) {
    throw conflict(
      `A/B test ${test.id} shows a sample-ratio mismatch (χ² = ${analysis.srm.chiSquare.toFixed(2)}, p = ${analysis.srm.pValue.toExponential(2)} < 0.001): its assignment or logging is broken, so no winner can be trusted. Fix the cause, or an admin may decide anyway with override: { reason }`,
    );
  }
  const version = winner === null ? null : (versions[winner] ?? null);
  if (winner !== null && version === null) {
    throw conflict(`Variant '${body.winner}' serves an alias that points at no version now`);
  }
  const gated = winner !== null && winner > 0 && test.alias !== null;
  if (gated) {
    const policy = await registry.gatePolicies.get(
      project.id,
      test.modelName,
      test.alias as string,
    );
    if (!policy) {
      throw conflict(
        `Alias '${test.alias}' of model '${test.modelName}' has no gate policy: put one (PUT …/aliases/${test.alias}/gate-policy) so that the winner can be gated, then stop again`,
      );
    }
  }
  const stopped = await registry.abTests.stop(
    project.id,
    test.id,
    {
      winner,
      version,
      report: { until, ...analysis } as Record<string, unknown>,
      ...(body.reason ? { reason: body.reason } : {}),
      ...(body.override ? { override: { by: actorOf(who), reason: body.override.reason } } : {}),
    },
    actorOf(who),
  );
  if (!gated) return { abTest: stopped, gate: null };
  const started = await startGate(
    deps,
    project,
    { modelName: test.modelName, alias: test.alias as string },
    { version: version as number, ...(body.async === undefined ? {} : { async: body.async }) },
    who,
    undefined,
    undefined,
    { abTestId: test.id },
  );
  return {
    abTest: stopped,
    gate: started.queued
      ? { report: null, job: started.job }
      : { report: started.result, job: null },
  };
}
