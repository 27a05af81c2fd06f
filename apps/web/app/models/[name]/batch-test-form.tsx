'use client';

import { useActionState } from 'react';
import { type BatchTestState, startBatchTest } from './actions';
import { type DatasetOption, VersionDatasetFields } from './version-dataset-fields';

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
  return (
    <form action={action} className="upload" aria-label="Run a batch test">
      <VersionDatasetFields idPrefix="bt" versions={versions} datasets={datasets} />
      <div className="field">
        <label htmlFor="bt-target">Target column</label>
        <input id="bt-target" name="target" list="bt-columns" required />
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
