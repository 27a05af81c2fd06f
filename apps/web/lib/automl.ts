import { type AutoMlMetric, greaterIsBetter } from '@assay/core/automl';
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

/**
 * Whether a higher mean is better for the run's primary metric: as the core decides it; a run
 * that did not name one uses its task's default (accuracy or R²), both higher-is-better.
 */
export const higherIsBetter = (metric: string | undefined): boolean =>
  metric === undefined || greaterIsBetter(metric as AutoMlMetric);

/** Completed trials first, best first (by `higher`); then pruned and failed ones, in trial order. */
export function rankTrials(trials: readonly Trial[], higher: boolean): Trial[] {
  const sign = higher ? -1 : 1;
  const scored = (t: Trial) => t.status === 'completed' && t.mean !== null;
  return [...trials].sort((a, b) => {
    if (scored(a) !== scored(b)) return scored(a) ? -1 : 1;
    if (scored(a)) return sign * ((a.mean as number) - (b.mean as number)) || a.trial - b.trial;
    return a.trial - b.trial;
  });
}

/**
 * The best completed mean so far after each trial: overall and per family (the search's progress,
 * as a chart draws it). A series starts at its first completed trial.
 */
export function bestSoFar(
  trials: readonly Trial[],
  higher: boolean,
): { label: string; points: { x: number; y: number }[] }[] {
  const better = (a: number, b: number) => (higher ? a > b : a < b);
  const best = new Map<string, number>();
  const series = new Map<string, { x: number; y: number }[]>();
  const push = (label: string, x: number, y: number) => {
    const points = series.get(label) ?? [];
    points.push({ x, y });
    series.set(label, points);
  };
  for (const t of [...trials].sort((a, b) => a.trial - b.trial)) {
    if (t.status === 'completed' && t.mean !== null && Number.isFinite(t.mean)) {
      for (const label of ['all families', t.family]) {
        const current = best.get(label);
        if (current === undefined || better(t.mean, current)) best.set(label, t.mean);
      }
    }
    for (const [label, value] of best) push(label, t.trial, value);
  }
  return [...series].map(([label, points]) => ({ label, points }));
}

/** Per family: trials by status, its best completed mean, and the time its trials took. */
export function familySummary(trials: readonly Trial[], higher: boolean) {
  const rows = new Map<
    string,
    {
      family: string;
      completed: number;
      pruned: number;
      failed: number;
      best: number | null;
      ms: number;
    }
  >();
  for (const t of trials) {
    const row = rows.get(t.family) ?? {
      family: t.family,
      completed: 0,
      pruned: 0,
      failed: 0,
      best: null,
      ms: 0,
    };
    row[t.status] += 1;
    row.ms += t.durationMs;
    if (
      t.status === 'completed' &&
      t.mean !== null &&
      (row.best === null || (higher ? t.mean > row.best : t.mean < row.best))
    )
      row.best = t.mean;
    rows.set(t.family, row);
  }
  return [...rows.values()].sort((a, b) =>
    a.best === null ? 1 : b.best === null ? -1 : higher ? b.best - a.best : a.best - b.best,
  );
}
