import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MultiLineChart } from '../../../components/charts/line-chart';
import { formatNumber } from '../../../lib/format';
import { agentOf, compareRlRuns, getRlRunReport } from '../../../lib/rl-runs';
import { requireSession } from '../../../lib/session';
import { withProblem } from '../../problem-view';

export const dynamic = 'force-dynamic';

const pValue = (p: number) => (p < 0.001 ? p.toExponential(2) : p.toFixed(4));

/**
 * Two agents compared on their episode returns (A − B): Welch's t-test, the Mann–Whitney U test
 * and the bootstrap interval of the difference in mean return, with both return curves overlaid.
 */
export default async function CompareRlRunsPage({
  searchParams,
}: {
  searchParams: Promise<{ a?: string; b?: string }>;
}) {
  const { a, b } = await searchParams;
  if (!a || !b) notFound();
  return withProblem('RL comparison', async () => {
    const { api, project } = await requireSession();
    const [result, reportA, reportB] = await Promise.all([
      compareRlRuns(api, project, a, b),
      getRlRunReport(api, project, a),
      getRlRunReport(api, project, b),
    ]);
    const { comparison: c } = result;
    const label = (run: typeof result.a) => `${run.name} (${agentOf(run)})`;
    return (
      <section>
        <p>
          <Link href="/rl-runs">← RL runs</Link>
        </p>
        <h1>
          {label(result.a)} vs {label(result.b)}
        </h1>
        <table data-testid="rl-compare">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Episodes</th>
              <th scope="col">Mean return</th>
              <th scope="col">Std (ddof 1)</th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ['A', result.a, c.a],
                ['B', result.b, c.b],
              ] as const
            ).map(([tag, run, s]) => (
              <tr key={tag}>
                <td>
                  {tag}: <Link href={`/rl-runs/${run.id}`}>{label(run)}</Link>
                </td>
                <td>{s.n}</td>
                <td>{formatNumber(s.mean)}</td>
                <td>{formatNumber(s.std)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table data-testid="rl-tests">
          <caption>Difference in mean return, A − B</caption>
          <tbody>
            <tr>
              <th scope="row">
                Bootstrap interval ({Math.round(c.bootstrap.confidenceLevel * 100)} %)
              </th>
              <td data-testid="rl-bootstrap">
                {formatNumber(c.bootstrap.estimate)} [{formatNumber(c.bootstrap.low)},{' '}
                {formatNumber(c.bootstrap.high)}] ({c.bootstrap.nResamples} resamples, seed{' '}
                {c.bootstrap.seed})
              </td>
            </tr>
            <tr>
              <th scope="row">Welch’s t-test</th>
              <td data-testid="rl-welch">
                {c.welch
                  ? `t = ${formatNumber(c.welch.t)}, df = ${formatNumber(c.welch.df)}, p = ${pValue(c.welch.pValue)}`
                  : 'not defined'}
              </td>
            </tr>
            <tr>
              <th scope="row">Mann–Whitney U</th>
              <td data-testid="rl-mwu">
                U = {formatNumber(c.mannWhitney.u)}, p = {pValue(c.mannWhitney.pValue)} (
                {c.mannWhitney.method})
              </td>
            </tr>
          </tbody>
        </table>
        {c.notes.length > 0 ? (
          <ul>
            {c.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        ) : null}
        {reportA.curves && reportB.curves ? (
          <div className="charts">
            <MultiLineChart
              testId="rl-compare-returns"
              title="Return per episode"
              xLabel="episode"
              yLabel="return"
              series={[
                { label: `A: ${label(result.a)}`, points: reportA.curves.returnCurve },
                { label: `B: ${label(result.b)}`, points: reportB.curves.returnCurve },
              ]}
            />
            {reportA.curves.regret && reportB.curves.regret ? (
              <MultiLineChart
                testId="rl-compare-regret"
                title="Cumulative regret"
                xLabel="episode"
                yLabel="cumulative regret"
                series={[
                  { label: `A: ${label(result.a)}`, points: reportA.curves.regret.cumulative },
                  { label: `B: ${label(result.b)}`, points: reportB.curves.regret.cumulative },
                ]}
              />
            ) : null}
          </div>
        ) : null}
      </section>
    );
  });
}
