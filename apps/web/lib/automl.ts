import { type AssayClient, type Schemas, unwrap } from './api';

/** The portal's reads of AutoML runs, through the typed API client. */
export type AutoMlRun = Schemas['AutoMlRun'];

/** One leaderboard entry as the core writes it (`LeaderboardTrial`). */
export interface Trial {
  trial: number;
  family: string;
  hyperparameters: Record<string, number | string | boolean>;
  status: 'completed' | 'pruned' | 'failed';
  foldScores: number[];
  mean: number | null;
  interval: [number, number] | null;
  durationMs: number;
  error?: string;
}

/** One guardrail as the core writes it. */
export interface Guardrail {
  name: string;
  status: string;
  message: string;
}

export function listAutoMlRuns(api: AssayClient, project: string, cursor?: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/automl-runs', {
      params: { path: { project }, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
    }),
  );
}

export function getAutoMlRun(api: AssayClient, project: string, id: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/automl-runs/{id}', { params: { path: { project, id } } }),
  );
}

export const isActive = (run: AutoMlRun) => run.status === 'queued' || run.status === 'running';

/** The settings as stored (the request as validated). */
export const settingsOf = (run: AutoMlRun) =>
  run.settings as {
    target?: string;
    budgetSeconds?: number;
    metric?: string;
    seed?: number;
    parallelTrials?: number;
  };
