'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { formatBytes } from '../../lib/format';

interface Uploaded {
  id: string;
  name: string | null;
  rows: number;
  columns: string[];
}

type State =
  | { phase: 'idle' }
  | { phase: 'sending'; loaded: number; total: number }
  | { phase: 'parsing' }
  | { phase: 'error'; message: string }
  | { phase: 'done'; dataset: Uploaded };

/**
 * The upload form. The file goes straight from the browser to the portal's upload route as the
 * raw request body (XMLHttpRequest, for its upload progress), which pipes it to the API; the
 * API's answer (the stored dataset or what is wrong with the file) shows beside the form.
 */
export function UploadForm({ maxBytes }: { maxBytes: number }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ phase: 'idle' });
  const busy = state.phase === 'sending' || state.phase === 'parsing';

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const format = String(form.get('format') ?? '');
    const name = String(form.get('name') ?? '').trim();
    if (!(file instanceof File) || file.size === 0) {
      setState({ phase: 'error', message: 'Choose a non-empty file' });
      return;
    }
    if (file.size > maxBytes) {
      setState({
        phase: 'error',
        message: `${file.name} is ${formatBytes(file.size)}; the largest upload is ${formatBytes(maxBytes)}. Larger data sets: split them, or sample them.`,
      });
      return;
    }
    const query = new URLSearchParams({ format, ...(name ? { name } : {}) });
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/datasets/upload?${query}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) =>
      setState({
        phase: 'sending',
        loaded: e.loaded,
        total: e.lengthComputable ? e.total : file.size,
      });
    // Every byte is sent; the API now parses and stores the file.
    xhr.upload.onload = () => setState({ phase: 'parsing' });
    xhr.onerror = () =>
      setState({
        phase: 'error',
        message: 'The upload was interrupted (the connection closed). Try again.',
      });
    xhr.onload = () => {
      let body: { detail?: string } & Partial<Uploaded> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { detail: `The portal answered ${xhr.status}` };
      }
      if (xhr.status === 201 && body.id) {
        setState({ phase: 'done', dataset: body as Uploaded });
        router.refresh();
      } else {
        setState({ phase: 'error', message: body.detail ?? `The API answered ${xhr.status}` });
      }
    };
    setState({ phase: 'sending', loaded: 0, total: file.size });
    xhr.send(file);
  };

  return (
    <form onSubmit={submit} className="upload" aria-label="Upload a dataset">
      <div className="field">
        <label htmlFor="file">File</label>
        <input
          id="file"
          name="file"
          type="file"
          required
          accept=".csv,.json,.parquet,text/csv,application/json"
        />
        <span className="muted small" data-testid="upload-limit">
          Up to {formatBytes(maxBytes)}.
        </span>
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
      <button type="submit" disabled={busy}>
        {busy ? 'Uploading…' : 'Upload'}
      </button>
      <div aria-live="polite">
        {state.phase === 'sending' ? (
          <p data-testid="upload-progress">
            <progress max={state.total || 1} value={state.loaded} /> Sending{' '}
            {formatBytes(state.loaded)} of {formatBytes(state.total)} (
            {state.total ? Math.floor((100 * state.loaded) / state.total) : 0} %)
          </p>
        ) : state.phase === 'parsing' ? (
          <p className="muted" data-testid="upload-progress">
            Sent; the API is checking and storing the file…
          </p>
        ) : state.phase === 'error' ? (
          <p role="alert" className="error" data-testid="upload-error">
            {state.message}
          </p>
        ) : state.phase === 'done' ? (
          <p className="ok" data-testid="upload-ok">
            Stored {state.dataset.name ?? 'the dataset'}: {state.dataset.rows} rows,{' '}
            {state.dataset.columns.length} columns (id <code>{state.dataset.id}</code>).
          </p>
        ) : null}
      </div>
    </form>
  );
}
