'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { type JudgeState, submitJudgement } from './actions';

type Choice = 'left' | 'right' | 'human' | 'machine';

interface Props {
  mode: 'side-by-side' | 'single';
  item: {
    id: string;
    prompt: string | null;
    left: string | null;
    right: string | null;
    answer: string | null;
  };
}

/** Keys → choices: digits and letters both, so either hand can judge. */
const KEYS: Record<Props['mode'], Record<string, Choice>> = {
  'side-by-side': { '1': 'left', l: 'left', '2': 'right', r: 'right' },
  single: { '1': 'human', h: 'human', '2': 'machine', m: 'machine' },
};

/**
 * One blinded item, judged with the keyboard alone: 1/L or 2/R picks the answer written by the
 * machine (side by side), 1/H or 2/M labels a single answer; Enter submits. The choices are real
 * radio buttons with labels (Tab and the arrow keys work too), and the focused one is outlined.
 */
export function JudgeForm({ mode, item }: Props) {
  const [choice, setChoice] = useState<Choice | null>(null);
  const [state, action, pending] = useActionState<JudgeState, FormData>(submitJudgement, {});
  const form = useRef<HTMLFormElement>(null);
  const first = useRef<HTMLInputElement>(null);

  // A new item starts unchosen, with the first choice focused for the keyboard.
  useEffect(() => {
    setChoice(null);
    first.current?.focus();
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const picked = KEYS[mode][event.key.toLowerCase()];
      if (picked) {
        event.preventDefault();
        setChoice(picked);
        document.getElementById(`choice-${picked}`)?.focus();
      } else if (event.key === 'Enter' && choice !== null && !pending) {
        event.preventDefault();
        form.current?.requestSubmit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mode, choice, pending]);

  const options: { value: Choice; key: string; title: string; text: string | null }[] =
    mode === 'side-by-side'
      ? [
          { value: 'left', key: '1', title: 'Answer A', text: item.left },
          { value: 'right', key: '2', title: 'Answer B', text: item.right },
        ]
      : [
          { value: 'human', key: '1', title: 'A human wrote it', text: null },
          { value: 'machine', key: '2', title: 'A machine wrote it', text: null },
        ];

  return (
    <form ref={form} action={action} data-testid="judge-form" aria-describedby="judge-keys">
      <input type="hidden" name="itemId" value={item.id} />
      {item.prompt !== null ? (
        <section aria-labelledby="prompt-heading">
          <h2 id="prompt-heading">Prompt</h2>
          <p data-testid="judge-prompt">{item.prompt}</p>
        </section>
      ) : null}
      {mode === 'single' ? (
        <section aria-labelledby="answer-heading">
          <h2 id="answer-heading">Answer</h2>
          <p data-testid="judge-answer" style={{ whiteSpace: 'pre-wrap' }}>
            {item.answer}
          </p>
        </section>
      ) : null}
      <fieldset>
        <legend>
          {mode === 'side-by-side'
            ? 'Which answer did the machine write?'
            : 'Who wrote this answer?'}
        </legend>
        <div style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap' }}>
          {options.map((o, i) => (
            <label
              key={o.value}
              htmlFor={`choice-${o.value}`}
              data-testid={`choice-${o.value}`}
              style={{
                flex: '1 1 18rem',
                border: `2px solid ${choice === o.value ? '#1d4ed8' : '#6b7280'}`,
                borderRadius: 6,
                padding: '0.75rem',
                cursor: 'pointer',
              }}
            >
              <input
                ref={i === 0 ? first : undefined}
                id={`choice-${o.value}`}
                type="radio"
                name="choice"
                value={o.value}
                checked={choice === o.value}
                onChange={() => setChoice(o.value)}
              />{' '}
              <strong>
                {o.title} <kbd>{o.key}</kbd>
              </strong>
              {o.text !== null ? (
                <span style={{ display: 'block', whiteSpace: 'pre-wrap', marginTop: '0.5rem' }}>
                  {o.text}
                </span>
              ) : null}
            </label>
          ))}
        </div>
      </fieldset>
      <p id="judge-keys" className="muted">
        Keys:{' '}
        {mode === 'side-by-side'
          ? '1 or L for answer A, 2 or R for answer B'
          : '1 or H for human, 2 or M for machine'}
        ; Enter submits. A judgement cannot be changed once submitted.
      </p>
      <button type="submit" disabled={choice === null || pending} data-testid="judge-submit">
        {pending ? 'Saving…' : 'Submit (Enter)'}
      </button>
      {state.error ? (
        <p role="alert" className="error" data-testid="judge-error">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
