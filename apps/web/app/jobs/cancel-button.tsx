'use client';

import { useActionState } from 'react';
import { type CancelState, cancelJob } from './actions';

/** Cancel for one queued or running job, with the API's answer beside it. */
export function CancelButton({ jobId }: { jobId: string }) {
  const [state, action, pending] = useActionState<CancelState>(cancelJob.bind(null, jobId), {});
  return (
    <form action={action} className="inline-form">
      <button
        type="submit"
        className="secondary"
        disabled={pending}
        aria-label={`Cancel job ${jobId}`}
      >
        {pending ? 'Cancelling…' : 'Cancel'}
      </button>
      {state.error ? (
        <p role="alert" className="error">
          {state.error}
        </p>
      ) : state.requested ? (
        <p role="status" className="muted">
          Cancellation requested.
        </p>
      ) : null}
    </form>
  );
}
