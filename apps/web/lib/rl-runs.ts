import { type AssayClient, type Schemas, unwrap } from './api';

/** The portal's reads of RL evaluation runs, through the typed API client. */
export type RlRun = Schemas['RlRun'];
export type RlRunReport = Schemas['RlRunReport'];
export type RlRunComparison = Schemas['RlRunComparison'];

export function listRlRuns(api: AssayClient, project: string, cursor?: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/rl-runs', {
      params: { path: { project }, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
    }),
  );
}

export function getRlRunReport(api: AssayClient, project: string, id: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/rl-runs/{id}/report', {
      params: { path: { project, id }, query: { points: 600 } },
    }),
  );
}

export function compareRlRuns(api: AssayClient, project: string, a: string, b: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/rl-runs/{id}/compare/{other}', {
      params: { path: { project, id: a, other: b }, query: {} },
    }),
  );
}

/** An agent as one label: name and version. */
export const agentOf = (run: RlRun) =>
  run.agentVersion ? `${run.agentName} ${run.agentVersion}` : run.agentName;
