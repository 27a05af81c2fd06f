'use client';

import { useActionState } from 'react';
import { type BatchTestState, startBatchTest } from './actions';

interface DatasetOption {
  id: string;
  name: string | null;
  rows: number;
  columns: string[];
}

/** Starts a batch test of one of the model's versions on an uploaded dataset. */
export function BatchTestForm({
  model,
  versions,
  datasets,
}: {
  model: string;
  versions: number[];
  datasets: DatasetOption[];
}) {
  const [state, action, pending] = useActionState<BatchTestState, FormData>(
    startBatchTest.bind(null, model),
    {},
  );
  const columns = [...new Set(datasets.flatMap((d) => d.columns))];
  return (
    <form action={action} className="upload" aria-label="Run a batch test">
      <div className="field">
        <label htmlFor="bt-version">Version</label>
        <select id="bt-version" name="version" defaultValue="">
          <option value="">newest</option>
          {versions.map((n) => (
            <option key={n} value={n}>
              v{n}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="bt-dataset">Dataset</label>
        <select id="bt-dataset" name="dataset" required>
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name ?? d.id.slice(-8)} ({d.rows} rows)
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="bt-target">Target column</label>
        <input id="bt-target" name="target" list="bt-columns" required />
        <datalist id="bt-columns">
          {columns.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="bt-metrics">Metrics (comma-separated)</label>
        <input
          id="bt-metrics"
          name="metrics"
          required
          placeholder="accuracy, rocAuc, f1, confusionMatrix, rocCurve"
        />
      </div>
      <div className="field">
        <label htmlFor="bt-sensitive">Sensitive column (optional)</label>
        <input id="bt-sensitive" name="sensitive" list="bt-columns" />
        <span className="muted small">
          Groups for groupMetrics, demographicParityDifference and equalizedOddsDifference
        </span>
      </div>
      <div className="field">
        <label htmlFor="bt-confidence">
          <input id="bt-confidence" name="confidence" type="checkbox" defaultChecked /> Bootstrap
          intervals
        </label>
        <label htmlFor="bt-level">Level</label>
        <input
          id="bt-level"
          name="level"
          type="number"
          min={0.5}
          max={0.999}
          step={0.001}
          defaultValue={0.95}
        />
        <label htmlFor="bt-resamples">Resamples</label>
        <input
          id="bt-resamples"
          name="resamples"
          type="number"
          min={1}
          max={100000}
          defaultValue={1000}
        />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? 'Starting…' : 'Run batch test'}
      </button>
      <div aria-live="polite">
        {state.error ? (
          <p role="alert" className="error" data-testid="batch-test-error">
            {state.error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
