'use client';

import { useActionState } from 'react';
import { type StartState, startAutoMl } from './actions';

/** The form that starts a run on an uploaded dataset; `metrics` are the core's (`AUTOML_METRICS`). */
export function StartForm({
  datasets,
  metrics,
}: {
  datasets: { id: string; label: string }[];
  metrics: readonly string[];
}) {
  const [state, action, pending] = useActionState<StartState, FormData>(startAutoMl, {});
  return (
    <form action={action} className="stack-form" aria-label="Start an AutoML run">
      <label htmlFor="automl-dataset">Dataset</label>
      <select id="automl-dataset" name="datasetId" required defaultValue={datasets[0]?.id}>
        {datasets.map((d) => (
          <option key={d.id} value={d.id}>
            {d.label}
          </option>
        ))}
      </select>
      <label htmlFor="automl-target">Target column</label>
      <input id="automl-target" name="target" required maxLength={1024} />
      <label htmlFor="automl-model">
        Model <span className="hint">(the best pipeline becomes its next version)</span>
      </label>
      <input
        id="automl-model"
        name="modelName"
        required
        maxLength={128}
        pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
      />
      <label htmlFor="automl-budget">Budget (seconds, 1–3600)</label>
      <input
        id="automl-budget"
        name="budgetSeconds"
        type="number"
        min={1}
        max={3600}
        defaultValue={60}
        required
      />
      <label htmlFor="automl-metric">Metric (optional)</label>
      <select id="automl-metric" name="metric" defaultValue="">
        <option value="">accuracy or R² (by task)</option>
        {metrics.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <label htmlFor="automl-seed">Seed (optional)</label>
      <input id="automl-seed" name="seed" type="number" min={0} step={1} />
      <label htmlFor="automl-parallel">
        Trials at once{' '}
        <span className="hint">(1–5, optional; spread across workers with Redis)</span>
      </label>
      <input id="automl-parallel" name="parallelTrials" type="number" min={1} max={5} step={1} />
      <label htmlFor="automl-exclude">
        Excluded columns <span className="hint">(comma-separated, optional)</span>
      </label>
      <input id="automl-exclude" name="excludeColumns" />
      <button type="submit" disabled={pending}>
        {pending ? 'Starting…' : 'Start'}
      </button>
      <div aria-live="polite">
        {state.error ? (
          <p role="alert" className="error" data-testid="automl-error">
            {state.error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
