'use client';

import { useActionState, useState } from 'react';
import { type MoveAliasState, moveAliasHere } from './actions';

/**
 * Moves an alias to this version with its evidence; the API's answer (the move, a stale
 * revision, or a gate's refusal with each failed check) shows beside the form.
 */
export function MoveAliasForm({
  model,
  version,
  aliases,
  evaluations,
}: {
  model: string;
  version: number;
  aliases: { name: string; version: number | null; revision: number }[];
  evaluations: { id: string; label: string }[];
}) {
  const [state, action, pending] = useActionState<MoveAliasState, FormData>(
    moveAliasHere.bind(null, model, version),
    {},
  );
  const [alias, setAlias] = useState(aliases[0]?.name ?? '');
  const current = aliases.find((a) => a.name === alias);
  return (
    <form action={action} className="stack-form" aria-label="Move an alias to this version">
      <label htmlFor="ma-alias">Alias</label>
      <select
        id="ma-alias"
        name="alias"
        value={alias}
        onChange={(e) => setAlias(e.currentTarget.value)}
      >
        {aliases.map((a) => (
          <option key={a.name} value={a.name}>
            {a.name} (now {a.version === null ? 'detached' : `v${a.version}`})
          </option>
        ))}
        <option value="">a new alias…</option>
      </select>
      {alias === '' ? (
        <>
          <label htmlFor="ma-new">New alias name</label>
          <input id="ma-new" name="newAlias" placeholder="production" maxLength={128} />
        </>
      ) : null}
      <input
        type="hidden"
        name="expectedRevision"
        value={current ? String(current.revision) : '0'}
      />
      <label htmlFor="ma-reason">Why</label>
      <input id="ma-reason" name="reason" maxLength={2000} placeholder="passed the batch test" />
      <label htmlFor="ma-evaluation">Evidence (a batch test of this version)</label>
      <select id="ma-evaluation" name="evaluationId" defaultValue="">
        <option value="">none</option>
        {evaluations.map((e) => (
          <option key={e.id} value={e.id}>
            {e.label}
          </option>
        ))}
      </select>
      <label htmlFor="ma-override">
        Override a gate{' '}
        <span className="hint">
          (a reason, recorded in the ledger; leave empty to let the gate decide)
        </span>
      </label>
      <input id="ma-override" name="override" maxLength={2000} />
      <button type="submit" disabled={pending}>
        {pending ? 'Moving…' : `Point the alias at v${version}`}
      </button>
      <div aria-live="polite">
        {state.ok ? (
          <p className="ok" data-testid="move-alias-ok">
            {state.ok}
          </p>
        ) : null}
        {state.error ? (
          <div role="alert" className="error" data-testid="move-alias-error">
            <p>{state.error}</p>
            {state.failedChecks?.length ? (
              <ul>
                {state.failedChecks.map((c) => (
                  <li key={`${c.label}:${c.reason}`}>
                    <strong>{c.label}</strong>: {c.reason}
                    {c.observed !== null ? ` (observed ${c.observed}` : ''}
                    {c.observed !== null && c.limit !== null
                      ? `, limit ${c.limit})`
                      : c.observed !== null
                        ? ')'
                        : ''}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </form>
  );
}
