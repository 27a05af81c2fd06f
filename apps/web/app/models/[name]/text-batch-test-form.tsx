'use client';

import { useActionState } from 'react';
import { type BatchTestState, startTextBatchTest } from './actions';
import { type DatasetOption, VersionDatasetFields } from './version-dataset-fields';

/**
 * Starts a text batch test: prompts and references from an uploaded dataset, outputs from the
 * version's text endpoint (KServe v2 BYTES or OpenAI-compatible completions) or from a column.
 */
export function TextBatchTestForm({
  model,
  versions,
  datasets,
}: {
  model: string;
  versions: number[];
  datasets: DatasetOption[];
}) {
  const [state, action, pending] = useActionState<BatchTestState, FormData>(
    startTextBatchTest.bind(null, model),
    {},
  );
  return (
    <form action={action} className="upload" aria-label="Run a text batch test">
      <VersionDatasetFields idPrefix="tbt" versions={versions} datasets={datasets} />
      <div className="field">
        <label htmlFor="tbt-prompt">Prompt column</label>
        <input id="tbt-prompt" name="prompt" list="tbt-columns" required />
      </div>
      <div className="field">
        <label htmlFor="tbt-references">Reference columns (comma-separated)</label>
        <input id="tbt-references" name="references" required placeholder="reference" />
      </div>
      <div className="field">
        <label htmlFor="tbt-outputs">Stored outputs column (optional)</label>
        <input id="tbt-outputs" name="outputs" list="tbt-columns" />
        <span className="muted small">Empty: the version generates the outputs</span>
      </div>
      <div className="field">
        <label htmlFor="tbt-confidence">
          <input id="tbt-confidence" name="confidence" type="checkbox" defaultChecked /> sacrebleu
          bootstrap intervals (95 %)
        </label>
        <label htmlFor="tbt-resamples">Resamples</label>
        <input
          id="tbt-resamples"
          name="resamples"
          type="number"
          min={2}
          max={100000}
          defaultValue={1000}
        />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? 'Starting…' : 'Run text batch test'}
      </button>
      <div aria-live="polite">
        {state.error ? (
          <p role="alert" className="error" data-testid="text-batch-test-error">
            {state.error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
