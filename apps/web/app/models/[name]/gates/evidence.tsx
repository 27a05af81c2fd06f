import Link from 'next/link';
import { formatNumber } from '../../../../lib/format';
import type { GateReport } from '../../../../lib/gates';

/** The numbers of a shadow test's live summary a gate report keeps (`evidence.live`). */
interface LiveSummary {
  requests?: number;
  candidate?: { errorRate?: number | null; timeoutRate?: number | null };
  agreement?: { rows?: number; rate?: number | null } | null;
  labelled?: { rows?: number };
}

const share = (v: number | null | undefined) =>
  typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '—';

/**
 * What a gate report judged on, in a sentence with links: the policy's reference dataset, and,
 * for a gate started from a shadow test, that test and what it saw on live traffic. Evidence of
 * a kind this page does not know is named as is.
 */
export function GateEvidence({ model, report }: { model: string; report: GateReport }) {
  const evidence = report.evidence as { kind: string; datasetId?: string; shadowTestId?: string };
  const dataset = evidence.datasetId ? (
    <>
      reference dataset <code>{evidence.datasetId}</code>
    </>
  ) : null;
  if (evidence.kind === 'shadow' && evidence.shadowTestId) {
    const live = ((report.evidence as { live?: LiveSummary }).live ?? {}) as LiveSummary;
    return (
      <span data-testid="gate-evidence" data-kind="shadow">
        {dataset} and{' '}
        <Link
          href={`/models/${encodeURIComponent(model)}/shadow?test=${evidence.shadowTestId}`}
          data-testid="evidence-shadow-link"
        >
          shadow test {evidence.shadowTestId.slice(0, 8)}
        </Link>{' '}
        ({live.requests ?? 0} mirrored requests
        {live.agreement ? `, agreement ${share(live.agreement.rate)}` : ''}, candidate errors{' '}
        {share(live.candidate?.errorRate)}, {live.labelled?.rows ?? 0} labelled rows)
      </span>
    );
  }
  if (evidence.kind === 'dataset') {
    return (
      <span data-testid="gate-evidence" data-kind="dataset">
        {dataset}
      </span>
    );
  }
  return (
    <span data-testid="gate-evidence" data-kind={evidence.kind}>
      {evidence.kind} evidence {dataset ? <>and {dataset}</> : null}
    </span>
  );
}

/** `0.9051` or `—`. */
export const numberOrDash = (v: number | null | undefined) =>
  typeof v === 'number' && Number.isFinite(v) ? formatNumber(v) : '—';
