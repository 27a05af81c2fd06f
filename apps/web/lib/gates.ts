import { ApiProblem, type AssayClient, type Schemas, unwrap } from './api';

// The portal's reads of comparisons, gate policies, gate reports and the alias ledger's "why",
// through the typed client (kept apart from lib/api.ts, which holds the client itself).

export type Comparison = Schemas['Comparison'];
export type GatePolicy = Schemas['GatePolicy'];
export type GateReport = Schemas['GateReport'];
export type AliasWhy = Schemas['AliasWhy'];

/** One compared metric of a comparison report (the core's ComparisonReport). */
export interface ComparedMetric {
  metric: string;
  candidate: number | null;
  baseline: number | null;
  delta: number | null;
  higherIsBetter: boolean;
  interval: { low: number; high: number; level: number } | null;
  test: { name: string; statistic: number; pValue: number } | null;
  significantlyWorse: boolean | null;
}

/** The compared metrics of a stored comparison's report. */
export function comparedMetrics(comparison: Comparison): ComparedMetric[] {
  const metrics = (comparison.report as { metrics?: unknown }).metrics;
  return Array.isArray(metrics) ? (metrics as ComparedMetric[]) : [];
}

export function getComparison(api: AssayClient, project: string, id: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/comparisons/{comparison}', {
      params: { path: { project, comparison: id } },
    }),
  );
}

export function listComparisons(api: AssayClient, project: string, model: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/models/{model}/comparisons', {
      params: { path: { project, model }, query: { limit: 50 } },
    }),
  );
}

/** Every policy version of the model's aliases, newest first. */
export function listGatePolicies(api: AssayClient, project: string, model: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/models/{model}/gate-policies', {
      params: { path: { project, model }, query: { limit: 100 } },
    }),
  );
}

export function listGateReports(api: AssayClient, project: string, model: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/models/{model}/gate-reports', {
      params: { path: { project, model }, query: { limit: 50 } },
    }),
  );
}

export function getGateReport(api: AssayClient, project: string, id: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/gate-reports/{report}', {
      params: { path: { project, report: id } },
    }),
  );
}

/** Why `version` holds (or held) the alias; `null` when it never did. */
export async function aliasWhy(
  api: AssayClient,
  project: string,
  model: string,
  alias: string,
  version: number,
): Promise<AliasWhy | null> {
  try {
    return await unwrap(
      api.GET('/v1/projects/{project}/models/{model}/aliases/{alias}/why', {
        params: { path: { project, model, alias }, query: { version } },
      }),
    );
  } catch (err) {
    if (err instanceof ApiProblem && err.status === 404) return null;
    throw err;
  }
}

/** The current policy version of each guarded alias (the list is newest first). */
export function currentPolicies(policies: readonly GatePolicy[]): Map<string, GatePolicy> {
  const current = new Map<string, GatePolicy>();
  for (const p of policies) {
    const seen = current.get(p.alias);
    if (!seen || seen.version < p.version) current.set(p.alias, p);
  }
  return current;
}
