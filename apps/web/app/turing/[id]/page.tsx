import Link from 'next/link';
import { HBarChart } from '../../../components/charts/bar-chart';
import { ForestPlot } from '../../../components/forest-plot';
import { formatNumber, formatTime } from '../../../lib/format';
import { requireSession } from '../../../lib/session';
import { getTuringReport, listTuringJudges, pct, pValue } from '../../../lib/turing';
import { withProblem } from '../../problem-view';

export const dynamic = 'force-dynamic';

const ci = (c: readonly [number, number] | number[]) => `[${pct(c[0])}, ${pct(c[1])}]`;
const kappa = (x: number | null) => (x === null ? '—' : formatNumber(x));

/**
 * One Turing study's results for its owner: judges' accuracy against chance with the binomial
 * test and Clopper–Pearson interval, the machine's deception rate, each judge's and each system's
 * accuracy (a forest plot around chance), agreement between judges, and the text metrics of each
 * system's answers against the human answers, with the paired test between two systems.
 */
export default async function TuringStudyPage({ params }: { params: Promise<{ id: string }> }) {
  const id = (await params).id;
  return withProblem('Turing study', async () => {
    const { api, project } = await requireSession();
    const [{ study, judges, report }, judgeList] = await Promise.all([
      getTuringReport(api, project, id),
      listTuringJudges(api, project, id),
    ]);
    const nameOf = new Map(judges.map((j) => [j.id, j.name]));
    const toChance = (label: string, p: number, c: readonly number[]) => ({
      label,
      delta: p - report.chance,
      low: (c[0] as number) - report.chance,
      high: (c[1] as number) - report.chance,
      higherIsBetter: true,
      significantlyWorse: null,
    });
    return (
      <section>
        <p>
          <Link href="/turing">← Turing tests</Link>
        </p>
        <h1>
          {study.name} <span className="muted">({study.status})</span>
        </h1>
        <p>
          {study.mode === 'side-by-side'
            ? 'Side by side: judges pick which of two answers the machine wrote.'
            : 'Single answers: judges label each answer human or machine.'}{' '}
          {study.items} items, {study.judges} judges, {study.judgements} judgements. Created{' '}
          {formatTime(study.createdAt)}
          {study.openedAt ? `, opened ${formatTime(study.openedAt)}` : ''}
          {study.closedAt ? `, closed ${formatTime(study.closedAt)}` : ''}.
        </p>
        {study.description ? <p>{study.description}</p> : null}

        <h2>Can judges tell the machine apart?</h2>
        {report.accuracy === null ? (
          <p data-testid="turing-no-judgements">No judgement yet.</p>
        ) : (
          <table data-testid="turing-summary">
            <tbody>
              <tr>
                <th scope="row">Judges’ accuracy</th>
                <td>
                  {pct(report.accuracy.proportion)} ({report.accuracy.correct} of{' '}
                  {report.accuracy.total}), 95 % Clopper–Pearson {ci(report.accuracy.ci95)}
                </td>
              </tr>
              <tr>
                <th scope="row">Against chance ({pct(report.chance)})</th>
                <td>two-sided exact binomial test, p = {pValue(report.accuracy.pValue)}</td>
              </tr>
              {report.deception ? (
                <tr>
                  <th scope="row">Machine deception rate</th>
                  <td data-testid="turing-deception">
                    {pct(report.deception.rate)} ({report.deception.deceived} of{' '}
                    {report.deception.machineJudgements} judgements of machine answers), 95 %{' '}
                    {ci(report.deception.ci95)}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        )}

        {report.perJudge.length > 0 ? (
          <>
            <h2>Per judge</h2>
            <ForestPlot
              testId="turing-judges-chart"
              title="Each judge's accuracy minus chance, with its Clopper–Pearson 95 % interval"
              rows={[
                ...report.perJudge.map((j) =>
                  toChance(nameOf.get(j.judge) ?? j.judge, j.proportion, j.ci95),
                ),
                ...report.perSystem.map((s) =>
                  toChance(`system ${s.system}`, s.proportion, s.ci95),
                ),
              ]}
            />
            <table data-testid="turing-judges">
              <thead>
                <tr>
                  <th>Judge</th>
                  <th>Judged</th>
                  <th>Accuracy</th>
                  <th>95 % interval</th>
                  <th>p (vs chance)</th>
                </tr>
              </thead>
              <tbody>
                {report.perJudge.map((j) => (
                  <tr key={j.judge}>
                    <td>{nameOf.get(j.judge) ?? j.judge}</td>
                    <td>{j.total}</td>
                    <td>{pct(j.proportion)}</td>
                    <td>{ci(j.ci95)}</td>
                    <td>{pValue(j.pValue)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}

        {report.perSystem.length > 0 ? (
          <table data-testid="turing-systems">
            <caption>Per machine system</caption>
            <thead>
              <tr>
                <th>System</th>
                <th>Judgements</th>
                <th>Judges’ accuracy</th>
                <th>Deception rate</th>
                <th>p (vs chance)</th>
              </tr>
            </thead>
            <tbody>
              {report.perSystem.map((s) => (
                <tr key={s.system}>
                  <td>{s.system}</td>
                  <td>{s.total}</td>
                  <td>{pct(s.proportion)}</td>
                  <td>{pct(s.deceptionRate)}</td>
                  <td>{pValue(s.pValue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}

        <h2>Agreement between judges</h2>
        <table data-testid="turing-agreement">
          <tbody>
            <tr>
              <th scope="row">Cohen’s κ (two judges)</th>
              <td>{kappa(report.agreement.cohenKappa)}</td>
            </tr>
            <tr>
              <th scope="row">Fleiss’ κ ({report.agreement.fleissItems} items judged by all)</th>
              <td>{kappa(report.agreement.fleissKappa)}</td>
            </tr>
            <tr>
              <th scope="row">Krippendorff’s α (nominal)</th>
              <td>{kappa(report.agreement.krippendorffAlpha)}</td>
            </tr>
          </tbody>
        </table>

        {report.text.length > 0 ? (
          <>
            <h2>Machine answers against the human answers</h2>
            <HBarChart
              testId="turing-text-chart"
              title="BLEU, chrF and ROUGE-L F1 (×100) of each system against the human answers"
              valueLabel="score (0–100)"
              bars={report.text.flatMap((t) => [
                { label: `${t.system} BLEU`, value: t.bleu.score },
                { label: `${t.system} chrF`, value: t.chrf.score },
                { label: `${t.system} ROUGE-L`, value: t.rouge.rougeL * 100 },
              ])}
            />
            <table data-testid="turing-text">
              <thead>
                <tr>
                  <th>System</th>
                  <th>Prompts</th>
                  <th>BLEU</th>
                  <th>chrF</th>
                  <th>ROUGE-1</th>
                  <th>ROUGE-2</th>
                  <th>ROUGE-L</th>
                </tr>
              </thead>
              <tbody>
                {report.text.map((t) => (
                  <tr key={t.system}>
                    <td>{t.system}</td>
                    <td>{t.segments}</td>
                    <td title={t.bleu.signature}>{formatNumber(t.bleu.score)}</td>
                    <td title={t.chrf.signature}>{formatNumber(t.chrf.score)}</td>
                    <td>{formatNumber(t.rouge.rouge1)}</td>
                    <td>{formatNumber(t.rouge.rouge2)}</td>
                    <td>{formatNumber(t.rouge.rougeL)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
        {report.pairedTest ? (
          <table data-testid="turing-paired">
            <caption>
              Paired bootstrap ({report.pairedTest.result.nSamples} resamples, sacrebleu):{' '}
              {report.pairedTest.candidate} against {report.pairedTest.baseline} on{' '}
              {report.pairedTest.segments} shared prompts
            </caption>
            <thead>
              <tr>
                <th>Metric</th>
                <th>{report.pairedTest.baseline}</th>
                <th>{report.pairedTest.candidate}</th>
                <th>p</th>
              </tr>
            </thead>
            <tbody>
              {report.pairedTest.result.metrics.map((m) => (
                <tr key={m.metric}>
                  <td>{m.metric}</td>
                  <td>{formatNumber(m.baseline.score)}</td>
                  <td>{formatNumber(m.candidate.score)}</td>
                  <td>{pValue(m.candidate.pValue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}

        <h2>Judges</h2>
        <table data-testid="turing-judge-list">
          <thead>
            <tr>
              <th>Judge</th>
              <th>Invitation</th>
              <th>Judged</th>
              <th>Invited</th>
            </tr>
          </thead>
          <tbody>
            {judgeList.items.map((j) => (
              <tr key={j.id}>
                <td>{j.name}</td>
                <td>
                  <code>{j.prefix}…</code>
                  {j.revokedAt ? ' (revoked)' : ''}
                </td>
                <td>{j.judged}</td>
                <td>{formatTime(j.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    );
  });
}
