import Link from 'next/link';
import { formatTime } from '../../../lib/format';
import {
  getReviewPolicy,
  getReviewReport,
  listReviewItems,
  percent,
  pValue,
} from '../../../lib/review';
import { requireSession } from '../../../lib/session';
import { withProblem } from '../../problem-view';
import { AutomationRiskChart, type CurvePoint } from '../automation-risk-chart';

export const dynamic = 'force-dynamic';

/**
 * A model's review queue for its editors: the policy, the queue's counts and oldest pending items,
 * the automation–risk curve with the policy's threshold (and the one meeting the target risk)
 * marked, agreement with the reviewers, and the bias checks between reviewed and automated items.
 */
export default async function ModelReviewPage({ params }: { params: Promise<{ model: string }> }) {
  const model = decodeURIComponent((await params).model);
  return withProblem(`Review queue of ${model}`, async () => {
    const { api, project } = await requireSession();
    const policy = await getReviewPolicy(api, project, model);
    const [report, pending] = await Promise.all([
      getReviewReport(api, project, model),
      listReviewItems(api, project, model, 'pending'),
    ]);
    const curve = report.curve;
    const points: CurvePoint[] = curve
      ? curve.thresholds.map((threshold, k) => ({
          threshold,
          rateOfAutomation: curve.rateOfAutomation[k] as number,
          riskRate: curve.riskRate[k] as number,
        }))
      : [];
    // The curve point of the policy's threshold: the lowest threshold at or above it.
    const chosen =
      policy === null
        ? null
        : (points.filter((p) => p.threshold >= policy.threshold).at(-1) ?? null);
    const target = report.targetThreshold;
    const { counts } = pending;
    return (
      <section>
        <p>
          <Link href="/review">← Review queues</Link>
        </p>
        <h1>Review queue of {model}</h1>
        {policy === null ? (
          <p data-testid="no-policy">
            No review policy yet: set one with <code>PUT …/models/{model}/review/policy</code> or{' '}
            <code>client.set_review_policy(…)</code>.
          </p>
        ) : (
          <p data-testid="review-policy">
            Predictions with confidence below <strong>{policy.threshold}</strong> are reviewed;
            double review {percent(policy.doubleReviewFraction)}, audit{' '}
            {percent(policy.auditFraction)}, lease {Math.round(policy.leaseMs / 1000)} s
            {policy.targetRisk !== null ? `, target risk ${percent(policy.targetRisk)}` : ''}.
            Updated {formatTime(policy.updatedAt)}.
          </p>
        )}
        <p>
          <Link href={`/review/${encodeURIComponent(model)}/queue`} data-testid="reviewer-link">
            Review items (reviewer token) →
          </Link>
        </p>
        <h2>Queue</h2>
        <table data-testid="review-counts">
          <thead>
            <tr>
              <th>Automated</th>
              <th>Pending</th>
              <th>Claimed</th>
              <th>Reviewed</th>
              <th>Rate of automation</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{counts.automated}</td>
              <td>{counts.pending}</td>
              <td>{counts.claimed}</td>
              <td>{counts.done}</td>
              <td>{percent(report.rateOfAutomation)}</td>
            </tr>
          </tbody>
        </table>
        {pending.items.length > 0 ? (
          <table data-testid="pending-items">
            <caption>Oldest pending items</caption>
            <thead>
              <tr>
                <th>Item</th>
                <th>Version</th>
                <th>Prediction</th>
                <th>Confidence</th>
                <th>Reviews needed</th>
              </tr>
            </thead>
            <tbody>
              {pending.items.map((i) => (
                <tr key={i.id}>
                  <td>{i.id}</td>
                  <td>v{i.version}</td>
                  <td>{String(i.prediction)}</td>
                  <td>{i.confidence.toFixed(3)}</td>
                  <td>{i.reviewsNeeded}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <h2>Automation and risk</h2>
        {points.length === 0 ? (
          <p>No reviewed item yet: the curve needs the reviewers’ labels.</p>
        ) : (
          <AutomationRiskChart
            points={points}
            chosen={chosen}
            policyRate={
              policy !== null && report.rateOfAutomation !== null
                ? { threshold: policy.threshold, rateOfAutomation: report.rateOfAutomation }
                : null
            }
            target={
              target
                ? {
                    threshold: target.threshold,
                    rateOfAutomation: target.rateOfAutomation,
                    riskRate: target.riskRate,
                  }
                : null
            }
          />
        )}
        <table data-testid="review-summary">
          <tbody>
            <tr>
              <th scope="row">Reviewed items</th>
              <td>
                {report.counts.reviewed} ({report.counts.doubleReviewed} double-reviewed,{' '}
                {report.counts.audited} audited)
              </td>
            </tr>
            <tr>
              <th scope="row">Risk at the policy’s threshold (audit sample)</th>
              <td>
                {percent(report.atThreshold.riskRate)} over {report.atThreshold.reviewedAbove}{' '}
                reviewed items
              </td>
            </tr>
            <tr>
              <th scope="row">Threshold meeting the target risk</th>
              <td data-testid="target-threshold">
                {target
                  ? `${target.threshold.toFixed(3)}: automation ${percent(target.rateOfAutomation)}, risk ${percent(target.riskRate)}`
                  : '—'}
              </td>
            </tr>
            <tr>
              <th scope="row">Agreement with the human policy</th>
              <td>
                {percent(report.humanPolicy.agreementRate)} (κ{' '}
                {report.humanPolicy.cohenKappa?.toFixed(3) ?? '—'}, n = {report.humanPolicy.n})
              </td>
            </tr>
            <tr>
              <th scope="row">Reviewer agreement</th>
              <td>
                {percent(report.reviewerAgreement.agreementRate)} (Cohen’s κ{' '}
                {report.reviewerAgreement.cohenKappa?.toFixed(3) ?? '—'}, n ={' '}
                {report.reviewerAgreement.n})
              </td>
            </tr>
          </tbody>
        </table>
        <h2>Bias checks: reviewed vs automated</h2>
        <table data-testid="bias-checks">
          <caption>Selection bias per feature</caption>
          <thead>
            <tr>
              <th>Feature</th>
              <th>Kind</th>
              <th>Queued / automated</th>
              <th>Test</th>
              <th>Statistic</th>
              <th>p-value</th>
              <th>PSI</th>
            </tr>
          </thead>
          <tbody>
            {report.bias.selection.map((s) => (
              <tr key={s.feature}>
                <td>{s.feature}</td>
                <td>{s.kind}</td>
                <td>
                  {s.reviewed} / {s.automated}
                </td>
                <td>
                  {s.ks
                    ? `KS (${s.ks.method})`
                    : s.chiSquare
                      ? `χ² (df ${s.chiSquare.df})`
                      : (s.note ?? '—')}
                </td>
                <td>
                  {s.ks
                    ? s.ks.statistic.toFixed(4)
                    : s.chiSquare
                      ? s.chiSquare.chi2.toFixed(3)
                      : '—'}
                </td>
                <td>{pValue(s.ks?.pValue ?? s.chiSquare?.pValue)}</td>
                <td>{s.psi == null ? '—' : s.psi.toFixed(4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {report.bias.latent ? (
          <table data-testid="latent-bias">
            <caption>
              Latent bias over {report.bias.latent.feature}: review-rate difference{' '}
              {percent(report.bias.latent.reviewRateDifference)}, correction-rate difference{' '}
              {percent(report.bias.latent.correctionRateDifference)}
            </caption>
            <thead>
              <tr>
                <th>Group</th>
                <th>Items</th>
                <th>Review rate</th>
                <th>Reviewed</th>
                <th>Correction rate</th>
              </tr>
            </thead>
            <tbody>
              {report.bias.latent.groups.map((g) => (
                <tr key={g.group}>
                  <td>{g.group}</td>
                  <td>{g.count}</td>
                  <td>{percent(g.reviewRate)}</td>
                  <td>{g.reviewed}</td>
                  <td>{percent(g.correctionRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {report.bias.interaction.length > 0 ? (
          <table data-testid="interaction-bias">
            <caption>Interaction bias: traffic in categories reviewers have seen</caption>
            <thead>
              <tr>
                <th>Feature</th>
                <th>Coverage</th>
                <th>Categories never reviewed</th>
              </tr>
            </thead>
            <tbody>
              {report.bias.interaction.map((c) => (
                <tr key={c.feature}>
                  <td>{c.feature}</td>
                  <td>{percent(c.coverage)}</td>
                  <td>{c.unseenCategories.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    );
  });
}
