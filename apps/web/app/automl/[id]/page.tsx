import Link from 'next/link';
import { AutoRefresh } from '../../../components/auto-refresh';
import {
  type Guardrail,
  getAutoMlRun,
  isActive,
  settingsOf,
  type Trial,
} from '../../../lib/automl';
import { formatNumber, formatTime } from '../../../lib/format';
import { requireSession } from '../../../lib/session';
import { withProblem } from '../../problem-view';

export const dynamic = 'force-dynamic';

const score = (v: number | null) => (v === null ? '—' : formatNumber(v));

/**
 * One AutoML run: its settings, the leaderboard (refreshing while the run goes on), the
 * guardrails, and what it produced (the registered version, its batch test, its explanation).
 */
export default async function AutoMlRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withProblem('AutoML run', async () => {
    const { api, project } = await requireSession();
    const run = await getAutoMlRun(api, project, id);
    const settings = settingsOf(run);
    const trials = run.leaderboard as unknown as Trial[];
    const best = run.bestTrial as unknown as Trial | null;
    const guardrails = (run.guardrails ?? []) as unknown as Guardrail[];
    const explanation = run.explanation as { status?: string; reason?: string } | null;
    return (
      <section>
        <p>
          <Link href="/automl">← AutoML</Link>
        </p>
        <h1>
          AutoML run <code>{run.id.slice(-8)}</code>:{' '}
          <span data-testid="automl-status">{run.status}</span>
        </h1>
        <AutoRefresh active={isActive(run)} />
        <p>
          Target <code>{settings.target}</code>, budget {settings.budgetSeconds} s, seed{' '}
          {settings.seed ?? 0}
          {settings.metric ? `, metric ${settings.metric}` : ''}
          {settings.parallelTrials ? `, ${settings.parallelTrials} trials at once` : ''}; started{' '}
          {formatTime(run.startedAt)}, finished {formatTime(run.finishedAt)}.{' '}
          {run.jobId ? <Link href={`/jobs/${run.jobId}`}>Its job</Link> : null}
        </p>
        {run.error ? (
          <p role="alert" className="error">
            {run.error.title}: {run.error.detail}
          </p>
        ) : null}
        {run.modelVersion !== null ? (
          <p data-testid="automl-best">
            Best: trial {best?.trial} ({best?.family}, mean {score(best?.mean ?? null)}), registered
            as{' '}
            <Link
              href={`/models/${encodeURIComponent(run.modelName)}/versions/${run.modelVersion}`}
            >
              {run.modelName} version {run.modelVersion}
            </Link>
            .
            {explanation?.status === 'skipped'
              ? ` Not explained: ${explanation.reason}.`
              : explanation?.status === 'stored'
                ? ' Explained with SHAP (stored with the run).'
                : ''}
          </p>
        ) : null}
        <h2>Leaderboard ({trials.length} trials)</h2>
        {trials.length === 0 ? (
          <p>No trial has ended yet.</p>
        ) : (
          <table data-testid="automl-leaderboard">
            <thead>
              <tr>
                <th scope="col">Trial</th>
                <th scope="col">Family</th>
                <th scope="col">Status</th>
                <th scope="col">Mean</th>
                <th scope="col">95 % interval</th>
                <th scope="col">Folds</th>
                <th scope="col">Time (ms)</th>
              </tr>
            </thead>
            <tbody>
              {trials.map((t) => (
                <tr key={t.trial} data-testid="automl-trial">
                  <td>{t.trial === best?.trial ? <strong>{t.trial} (best)</strong> : t.trial}</td>
                  <td>{t.family}</td>
                  <td>{t.status}</td>
                  <td>{score(t.mean)}</td>
                  <td>{t.interval ? `${score(t.interval[0])} – ${score(t.interval[1])}` : '—'}</td>
                  <td>{t.foldScores.length}</td>
                  <td>{Math.round(t.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>Guardrails</h2>
        {guardrails.length === 0 ? (
          <p>Checked once the run has read its data.</p>
        ) : (
          <table data-testid="automl-guardrails">
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Status</th>
                <th scope="col">Finding</th>
              </tr>
            </thead>
            <tbody>
              {guardrails.map((g) => (
                <tr key={g.name}>
                  <td>{g.name}</td>
                  <td>{g.status}</td>
                  <td>{g.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    );
  });
}
