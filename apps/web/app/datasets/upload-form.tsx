'use client';

import { useActionState } from 'react';
import { type UploadState, uploadDataset } from './actions';

/** The upload form, with the API's answer (the stored dataset or what is wrong with the file). */
export function UploadForm() {
  const [state, action, pending] = useActionState<UploadState, FormData>(uploadDataset, {});
  return (
    <form action={action} className="upload" aria-label="Upload a dataset">
      <div className="field">
        <label htmlFor="file">File</label>
        <input
          id="file"
          name="file"
          type="file"
          required
          accept=".csv,.json,.parquet,text/csv,application/json"
        />
      </div>
      <div className="field">
        <label htmlFor="format">Format</label>
        <select id="format" name="format" defaultValue="csv">
          <option value="csv">CSV (header row)</option>
          <option value="json">JSON ({'{columns, rows}'} or records)</option>
          <option value="parquet">Parquet (flat columns)</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="name">Name (optional)</label>
        <input id="name" name="name" type="text" maxLength={200} />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? 'Uploading…' : 'Upload'}
      </button>
      <div aria-live="polite">
        {state.error ? (
          <p role="alert" className="error" data-testid="upload-error">
            {state.error}
          </p>
        ) : state.uploaded ? (
          <p className="ok" data-testid="upload-ok">
            Stored {state.uploaded.name ?? 'the dataset'}: {state.uploaded.rows} rows,{' '}
            {state.uploaded.columns} columns (id <code>{state.uploaded.id}</code>).
          </p>
        ) : null}
      </div>
    </form>
  );
}
