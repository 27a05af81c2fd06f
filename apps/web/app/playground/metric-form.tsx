'use client';

import { type FormEvent, useState } from 'react';
import { type FormField, objectOf } from '../../lib/schema-form';
import { type ComputeState, computeMetric } from './actions';

const PLACEHOLDER: Partial<Record<FormField['kind'], string>> = {
  numbers: '0.1, 0.4, 0.35, 0.8',
  labels: '0, 1, 1, 0',
  strings: 'a, b, c',
  matrix: 'one row per line: 1, 2\n3, 4',
  json: 'JSON',
};

function Field({ field, prefix }: { field: FormField; prefix: string }) {
  const id = `${prefix}-${field.name}`;
  const hint = [
    field.description,
    field.default !== undefined ? `default ${JSON.stringify(field.default)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      <label htmlFor={id}>
        {field.name}
        {field.required ? ' (required)' : ''} {hint ? <span className="hint">{hint}</span> : null}
      </label>
      {field.kind === 'boolean' || field.kind === 'enum' ? (
        <select id={id} name={id} defaultValue="">
          <option value="">{field.required ? 'choose…' : 'default'}</option>
          {(field.kind === 'boolean' ? ['true', 'false'] : (field.options ?? [])).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : field.kind === 'number' || field.kind === 'integer' || field.kind === 'string' ? (
        <input id={id} name={id} required={field.required} />
      ) : (
        <textarea
          id={id}
          name={id}
          rows={field.kind === 'matrix' || field.kind === 'json' ? 4 : 2}
          required={field.required}
          placeholder={PLACEHOLDER[field.kind]}
        />
      )}
    </>
  );
}

/**
 * A metric's form, generated from its input and params JSON Schemas: the typed values are sent
 * to the API, and its answer (the value, the structured result and the signature) or its
 * problem (which field, what was expected) shows below.
 */
export function MetricForm({
  metric,
  input,
  params,
}: {
  metric: string;
  input: FormField[];
  params: FormField[];
}) {
  const [state, setState] = useState<ComputeState & { pending?: boolean }>({});
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (prefix: string) => (name: string) => String(form.get(`${prefix}-${name}`) ?? '');
    let body: { input: unknown; params?: unknown };
    try {
      const p = objectOf(params, text('param'));
      body = {
        input: objectOf(input, text('input')),
        ...(Object.keys(p).length ? { params: p } : {}),
      };
    } catch (err) {
      setState({ error: (err as Error).message });
      return;
    }
    setState({ pending: true });
    try {
      setState(await computeMetric(metric, body));
    } catch (err) {
      setState({ error: `The request failed: ${(err as Error).message}` });
    }
  };
  const result = state.result as { value?: unknown; signature?: unknown } | undefined;
  return (
    <form onSubmit={submit} className="stack-form" aria-label={`Compute ${metric}`}>
      <fieldset>
        <legend>Input</legend>
        <div className="stack-form">
          {input.map((f) => (
            <Field key={f.name} field={f} prefix="input" />
          ))}
        </div>
      </fieldset>
      {params.length > 0 ? (
        <fieldset>
          <legend>Parameters</legend>
          <div className="stack-form">
            {params.map((f) => (
              <Field key={f.name} field={f} prefix="param" />
            ))}
          </div>
        </fieldset>
      ) : null}
      <button type="submit" disabled={state.pending}>
        {state.pending ? 'Computing…' : 'Compute'}
      </button>
      <div aria-live="polite">
        {state.error ? (
          <p role="alert" className="error" data-testid="playground-error">
            {state.error}
          </p>
        ) : result ? (
          <div data-testid="playground-result">
            {typeof result.value === 'number' ? (
              <p>
                <strong>{metric}</strong> ={' '}
                <output data-testid="playground-value">{result.value}</output>
              </p>
            ) : null}
            {result.signature !== undefined ? (
              <p>
                Signature:{' '}
                <code data-testid="playground-signature">
                  {typeof result.signature === 'string'
                    ? result.signature
                    : JSON.stringify(result.signature)}
                </code>
              </p>
            ) : null}
            <details open={typeof result.value !== 'number'}>
              <summary>Full answer</summary>
              <pre>{JSON.stringify(result, null, 2)}</pre>
            </details>
          </div>
        ) : null}
      </div>
    </form>
  );
}
