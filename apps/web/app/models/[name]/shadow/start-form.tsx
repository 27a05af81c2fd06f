'use client';

import { useActionState } from 'react';
import { type ShadowFormState, startShadow } from './actions';

/** Starts a shadow test on an alias: a candidate version or a remote (staging) endpoint. */
export function StartShadowForm({
  model,
  versions,
  aliases,
}: {
  model: string;
  versions: number[];
  aliases: string[];
}) {
  const [state, action, pending] = useActionState<ShadowFormState, FormData>(
    startShadow.bind(null, model),
    {},
  );
  return (
    <form action={action} className="upload" aria-label="Start a shadow test">
      <div className="field">
        <label htmlFor="sh-alias">Alias</label>
        <select id="sh-alias" name="alias" defaultValue={aliases[0]}>
          {aliases.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="sh-version">Candidate version</label>
        <select id="sh-version" name="version" defaultValue="">
          <option value="">—</option>
          {versions.map((n) => (
            <option key={n} value={n}>
              v{n}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="sh-remote">or remote endpoint (KServe v2 URL)</label>
        <input id="sh-remote" name="remoteUrl" type="url" placeholder="https://…" />
        <input
          name="remoteModel"
          placeholder="model name at the endpoint"
          aria-label="Remote model name"
        />
      </div>
      <div className="field">
        <label htmlFor="sh-fraction">Sample (0–1)</label>
        <input id="sh-fraction" name="fraction" defaultValue="1" inputMode="decimal" />
      </div>
      <div className="field">
        <label htmlFor="sh-max">End after requests</label>
        <input id="sh-max" name="maxRequests" defaultValue="10000" inputMode="numeric" />
      </div>
      <div className="field">
        <label htmlFor="sh-minutes">and/or minutes</label>
        <input id="sh-minutes" name="minutes" inputMode="numeric" />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? 'Starting…' : 'Start shadow test'}
      </button>
      {state.error ? (
        <p role="alert" className="error">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
