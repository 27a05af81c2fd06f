import Link from 'next/link';
import { formatTime } from '../../../../../lib/format';
import { getGateReport } from '../../../../../lib/gates';
import { requireSession } from '../../../../../lib/session';
import { withProblem } from '../../../../problem-view';
import { GateEvidence, numberOrDash } from '../evidence';

export const dynamic = 'force-dynamic';

/**
 * One gate report: the verdict, what it judged on (the reference dataset, and the shadow test
 * with its live summary when the gate started from one), and each check with its numbers, limit
 * and reason — including a relative check's verdict on the shadow test's labelled rows.
 */
export default async function GateReportPage({
  params,
}: {
  params: Promise<{ name: string; id: string }>;
}) {
  const { name: raw, id } = await params;
  const name = decodeURIComponent(raw);
  return withProblem(`Gate report ${id}`, async () => {
    const { api, project } = await requireSession();
    const report = await getGateReport(api, project, id);
    const model = encodeURIComponent(name);
    return (
      <section data-testid="gate-report-page" data-passed={String(report.passed)}>
        <p>
          <Link href={`/models/${model}/gates`}>← Gates and comparisons</Link>
        </p>
        <h1>
          Gate of {report.alias} on v{report.candidateVersion}:{' '}
          <span className={report.passed ? 'ok' : 'error'} data-testid="gate-verdict">
            {report.passed ? 'passed' : 'failed'}
          </span>
        </h1>
        <p className="muted">
          Policy version {report.policyVersion} ·{' '}
          {report.holderVersion === null
            ? 'the alias had no holder'
            : `compared with the holder, v${report.holderVersion}`}{' '}
          · {formatTime(report.createdAt)}
          {report.createdBy ? ` by ${report.createdBy}` : ''}
        </p>
        <p>
          Judged on <GateEvidence model={name} report={report} />.
        </p>
        <table data-testid="gate-checks">
          <thead>
            <tr>
              <th>Check</th>
              <th>Observed</th>
              <th>Limit</th>
              <th>Result</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {report.checks.map((c) => (
              <tr key={c.index} data-testid="gate-check" data-passed={String(c.passed)}>
                <td>{c.label}</td>
                <td>{numberOrDash(c.observed)}</td>
                <td>{numberOrDash(c.limit)}</td>
                <td>
                  <span className={c.passed ? 'ok' : 'error'}>
                    {c.passed ? '✓ passed' : '✗ failed'}
                  </span>
                </td>
                <td className="muted">{c.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          {report.comparisonId ? (
            <Link href={`/models/${model}/comparisons/${report.comparisonId}`}>
              Comparison with the holder →
            </Link>
          ) : null}{' '}
          {report.evaluationId ? (
            <Link href={`/models/${model}/evaluations/${report.evaluationId}`}>
              Batch test of v{report.candidateVersion} →
            </Link>
          ) : null}
        </p>
        <p className="muted">
          {report.passed
            ? `A move of ${report.alias} to v${report.candidateVersion} rests on this report while it is the newest under the current policy.`
            : `${report.alias} cannot move to v${report.candidateVersion} on this report; an admin may override with a reason.`}{' '}
          <Link href={`/models/${model}/gates`}>Move or override on the gates page →</Link>
        </p>
      </section>
    );
  });
}
