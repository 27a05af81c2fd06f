import { ApiProblem } from '../../../lib/api';
import { currentInvitation, judgeNext, judgeResults, pct } from '../../../lib/turing';
import { JudgeForm } from './judge-form';

export const dynamic = 'force-dynamic';

/**
 * The judging page, opened from an invitation link (no API key, no sign-in): one blinded item at
 * a time in this judge's own order, judged with the keyboard. Nothing here names the systems, the
 * origins or other judges' votes; the results appear only once the study is closed.
 */
export default async function JudgePage() {
  const invitation = await currentInvitation();
  if (!invitation) {
    return (
      <section>
        <h1>Judging</h1>
        <p>Open the link from your invitation to start judging.</p>
      </section>
    );
  }
  try {
    const view = await judgeNext(invitation);
    const { study, item } = view;
    let closing: React.ReactNode = null;
    if (item === null && study.status === 'closed') {
      const results = await judgeResults(invitation);
      closing = (
        <div data-testid="judge-results">
          <h2>Results</h2>
          <p>
            You judged {results.judged} items and were right on {results.correct} (
            {pct(results.accuracy)}
            ). All judges: {pct(results.overallAccuracy)}; machine answers taken for human:{' '}
            {pct(results.deceptionRate)}.
          </p>
        </div>
      );
    }
    return (
      <section>
        <h1>{study.name}</h1>
        <p className="muted" data-testid="judge-progress">
          Judge {view.judge.name}: {view.judged} of {view.total} judged.
        </p>
        {study.description ? <p>{study.description}</p> : null}
        {item !== null ? (
          <JudgeForm key={item.id} mode={study.mode} item={item} />
        ) : study.status === 'draft' ? (
          <p data-testid="judge-waiting">The study has not opened yet; come back later.</p>
        ) : study.status === 'open' ? (
          <p data-testid="judge-done">
            You have judged every item. Thank you! The results appear here once the study closes.
          </p>
        ) : (
          closing
        )}
      </section>
    );
  } catch (err) {
    if (!(err instanceof ApiProblem)) throw err;
    return (
      <section>
        <h1>Judging</h1>
        <p role="alert" className="error">
          {err.message}
        </p>
      </section>
    );
  }
}
