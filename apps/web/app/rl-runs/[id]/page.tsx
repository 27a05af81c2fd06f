import Link from 'next/link';
import { MultiLineChart } from '../../../components/charts/line-chart';
import { formatNumber, formatTime } from '../../../lib/format';
import { agentOf, getRlRunReport } from '../../../lib/rl-runs';
import { requireSession } from '../../../lib/session';
import { withProblem } from '../../problem-view';

export const dynamic = 'force-dynamic';

/**
 * One RL run: the return of each episode (reward per return) with its summary, and the regret
 * and cumulative regret per episode where the optimal reward is known. The API downsamples long
 * runs with LTTB; the chart draws what it receives.
 */
export default async function RlRunPage({ params }: { params: Promise<{ id: string }> }) {
  const id = (await params).id;
  return withProblem('RL run', async () => {
    const { api, project } = await requireSession();
    const report = await getRlRunReport(api, project, id);
    const { run, curves } = report;
    return (
      <section>
        <p>
          <Link href="/rl-runs">← RL runs</Link>
        </p>
        <h1>{run.name}</h1>
        <p>
          Agent <strong>{agentOf(run)}</strong> in <strong>{run.environment}</strong>, created{' '}
          {formatTime(run.createdAt)}
          {run.createdBy ? ` by ${run.createdBy}` : ''}.
        </p>
        {run.description ? <p>{run.description}</p> : null}
        {curves === null ? (
          <p className="muted" data-testid="rl-empty">
            No reward yet. Post rewards with{' '}
            <code>
              POST /v1/projects/{project}/rl-runs/{run.id}/rewards
            </code>{' '}
            or <code>client.log_rewards(…)</code>.
          </p>
        ) : (
          <>
            <table data-testid="rl-summary">
              <caption>Reward per return (γ = {report.gamma})</caption>
              <tbody>
                <tr>
                  <th scope="row">Episodes</th>
                  <td>{curves.episodes}</td>
                </tr>
                <tr>
                  <th scope="row">Rewards (steps)</th>
                  <td>{report.steps}</td>
                </tr>
                <tr>
                  <th scope="row">Mean return</th>
                  <td data-testid="rl-mean-return">{formatNumber(curves.returns.mean)}</td>
                </tr>
                <tr>
                  <th scope="row">Std (population)</th>
                  <td>{formatNumber(curves.returns.std)}</td>
                </tr>
                <tr>
                  <th scope="row">Min / max</th>
                  <td>
                    {formatNumber(curves.returns.min)} / {formatNumber(curves.returns.max)}
                  </td>
                </tr>
                <tr>
                  <th scope="row">Total regret</th>
                  <td data-testid="rl-total-regret">
                    {curves.regret
                      ? `${formatNumber(curves.regret.total)} over ${curves.regret.episodes} episodes (mean ${formatNumber(curves.regret.mean)})`
                      : 'unknown: no episode has an optimal reward'}
                  </td>
                </tr>
              </tbody>
            </table>
            {curves.downsampled ? (
              <p className="muted">
                Curves downsampled to {curves.maxPoints} points each (LTTB keeps peaks and dips).
              </p>
            ) : null}
            <div className="charts">
              <MultiLineChart
                testId="rl-return-curve"
                title="Return per episode"
                xLabel="episode"
                yLabel="return"
                series={[{ label: 'return', points: curves.returnCurve, total: curves.episodes }]}
              />
              {curves.regret ? (
                <>
                  <MultiLineChart
                    testId="rl-regret-curve"
                    title="Regret per episode (optimal − return)"
                    xLabel="episode"
                    yLabel="regret"
                    series={[
                      {
                        label: 'regret',
                        points: curves.regret.curve,
                        total: curves.regret.episodes,
                      },
                    ]}
                  />
                  <MultiLineChart
                    testId="rl-cumulative-regret"
                    title="Cumulative regret"
                    xLabel="episode"
                    yLabel="cumulative regret"
                    series={[
                      {
                        label: 'cumulative regret',
                        points: curves.regret.cumulative,
                        total: curves.regret.episodes,
                      },
                    ]}
                  />
                </>
              ) : null}
            </div>
          </>
        )}
      </section>
    );
  });
}
