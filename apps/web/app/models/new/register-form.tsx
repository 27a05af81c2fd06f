'use client';

import { useActionState } from 'react';
import { type FormState, registerModel } from './actions';

/** The registration form; the API's refusal (a taken name, a bad one) shows beside it. */
export function RegisterForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(registerModel, {});
  return (
    <form action={action} className="stack-form" aria-label="Register a model">
      <label htmlFor="model-name">
        Name <span className="hint">(letters, digits, “.”, “_”, “-”; unique in the project)</span>
      </label>
      <input
        id="model-name"
        name="name"
        required
        maxLength={128}
        pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
      />
      <label htmlFor="model-description">Description (optional)</label>
      <textarea id="model-description" name="description" rows={2} maxLength={10000} />
      <button type="submit" disabled={pending}>
        {pending ? 'Registering…' : 'Register'}
      </button>
      <div aria-live="polite">
        {state.error ? (
          <p role="alert" className="error" data-testid="register-error">
            {state.error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
