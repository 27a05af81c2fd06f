import Link from 'next/link';
import { AutoRefresh } from '../../../components/auto-refresh';
import { MultiLineChart } from '../../../components/charts/line-chart';
import {
  bestSoFar,
  familySummary,
  type Guardrail,
  getAutoMlRun,
  higherIsBetter,
  isActive,
  rankTrials,
  settingsOf,
  type Trial,
} from '../../../lib/automl';
import { formatNumber, formatTime } from '../../../lib/format';
import { requireSession } from '../../../lib/session';
import { withProblem } from '../../problem-view';

export const dynamic = 'force-dynamic';

const score = (v: number | null) => (v === null ? '—' : formatNumber(v));
/** Trials listed by rank before the rest are folded away. */
const TOP = 25;

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
    const higher = higherIsBetter(settings.metric);
    const ranked = rankTrials(trials, higher);
    const progress = bestSoFar(trials, higher);
    const families = familySummary(trials, higher);
    const metricName = settings.metric ?? 'score';
    const trialRow = (t: Trial) => (
      <tr key={t.trial} data-testid="automl-trial">
        <td>{t.trial === best?.trial ? <strong>{t.trial} (best)</strong> : t.trial}</td>
        <td>{t.family}</td>
        <td>{t.status}</td>
        <td>{score(t.mean)}</td>
        <td>{t.interval ? `${score(t.interval[0])} – ${score(t.interval[1])}` : '—'}</td>
        <td>{t.foldScores.length}</td>
        <td>{Math.round(t.durationMs)}</td>
      </tr>
    );
    const head = (
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
    );
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
          <>
            {progress.length > 0 && trials.length > 1 ? (
              <MultiLineChart
                testId="automl-progress"
                title={`Best ${metricName} so far, by trial (${higher ? 'higher' : 'lower'} is better)`}
                xLabel="trial"
                yLabel={`best mean ${metricName}`}
                series={progress}
              />
            ) : null}
            <table data-testid="automl-families">
              <caption>By family, best first</caption>
              <thead>
                <tr>
                  <th scope="col">Family</th>
                  <th scope="col">Best mean</th>
                  <th scope="col">Completed</th>
                  <th scope="col">Pruned</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Time (s)</th>
                </tr>
              </thead>
              <tbody>
                {families.map((f) => (
                  <tr key={f.family}>
                    <td>{f.family}</td>
                    <td>{score(f.best)}</td>
                    <td>{f.completed}</td>
                    <td>{f.pruned}</td>
                    <td>{f.failed}</td>
                    <td>{(f.ms / 1000).toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table data-testid="automl-leaderboard">
              <caption>
                Trials by mean {metricName}, best first
                {ranked.length > TOP ? ` (the top ${TOP})` : ''}
              </caption>
              {head}
              <tbody>{ranked.slice(0, TOP).map(trialRow)}</tbody>
            </table>
            {ranked.length > TOP ? (
              <details>
                <summary>All {trials.length} trials, in the order they ended</summary>
                <table data-testid="automl-all-trials">
                  {head}
                  <tbody>{trials.map(trialRow)}</tbody>
                </table>
              </details>
            ) : null}
          </>
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
