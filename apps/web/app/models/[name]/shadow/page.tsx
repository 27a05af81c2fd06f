import Link from 'next/link';
import { BarChart } from '../../../../components/bar-chart';
import { LineChart } from '../../../../components/line-chart';
import { unwrap } from '../../../../lib/api';
import { formatNumber, formatTime } from '../../../../lib/format';
import { requireSession } from '../../../../lib/session';
import {
  getShadowReport,
  histogramLabels,
  listShadowTests,
  percent,
  type ShadowReport,
} from '../../../../lib/shadow';
import { withProblem } from '../../../problem-view';
import { gateShadow, stopShadow } from './actions';
import { StartShadowForm } from './start-form';

export const dynamic = 'force-dynamic';

/**
 * A model's shadow tests: start one on an alias, and for the chosen one (the newest by default)
 * its report — agreement (or |difference|) over time and latency histograms as SVG, the
 * candidate's error and timeout rates — with a button to stop it.
 */
export default async function ShadowPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ test?: string }>;
}) {
  const name = decodeURIComponent((await params).name);
  const chosen = (await searchParams).test;
  return withProblem(name, async () => {
    const { api, project } = await requireSession();
    const path = { project, model: name };
    const [tests, versions, aliases] = await Promise.all([
      listShadowTests(api, project, name),
      unwrap(
        api.GET('/v1/projects/{project}/models/{model}/versions', {
          params: { path, query: { limit: 100 } },
        }),
      ),
      unwrap(
        api.GET('/v1/projects/{project}/models/{model}/aliases', {
          params: { path, query: { limit: 100 } },
        }),
      ),
    ]);
    const current = tests.items.find((t) => t.id === chosen) ?? tests.items[0];
    const report = current ? await getShadowReport(api, project, name, current.id) : undefined;
    const held = aliases.items.filter((a) => a.version !== null).map((a) => a.name);
    return (
      <section>
        <p>
          <Link href={`/models/${encodeURIComponent(name)}`}>← {name}</Link>
        </p>
        <h1>Shadow tests of {name}</h1>
        {held.length === 0 ? (
          <p className="muted">Point an alias at a version to shadow its traffic.</p>
        ) : (
          <StartShadowForm
            model={name}
            versions={versions.items.map((v) => v.number)}
            aliases={held}
          />
        )}
        {tests.items.length === 0 ? (
          <p className="muted">No shadow test yet.</p>
        ) : (
          <table data-testid="shadow-tests">
            <thead>
              <tr>
                <th>Started</th>
                <th>Alias</th>
                <th>Candidate</th>
                <th>Sample</th>
                <th>Mirrored</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {tests.items.map((t) => (
                <tr key={t.id}>
                  <td>
                    <Link href={`/models/${encodeURIComponent(name)}/shadow?test=${t.id}`}>
                      {formatTime(t.createdAt)}
                    </Link>
                  </td>
                  <td>{t.alias}</td>
                  <td>
                    {t.candidate.kind === 'version'
                      ? `v${t.candidate.version}`
                      : `remote ${String(t.candidate.remote.url)}`}
                  </td>
                  <td>{percent(t.sampleFraction)}</td>
                  <td>
                    {t.mirrored}
                    {t.maxRequests === null ? '' : ` of ${t.maxRequests}`}
                  </td>
                  <td>{t.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {current && report ? <Report model={name} report={report} /> : null}
      </section>
    );
  });
}

function Report({ model, report }: { model: string; report: ShadowReport }) {
  const t = report.test;
  const labels = histogramLabels(report.latencyHistogram.edgesMs);
  const overTime = report.overTime
    .map((b) => ({
      x: Date.parse(b.start) / 1000,
      y: (report.kind === 'regressor' ? b.meanAbsDiff : b.agreement) ?? Number.NaN,
    }))
    .filter((p) => Number.isFinite(p.y));
  const first = overTime[0]?.x ?? 0;
  return (
    <div data-testid="shadow-report">
      <h2>
        {t.alias} → {t.candidate.kind === 'version' ? `v${t.candidate.version}` : 'remote endpoint'}{' '}
        <small className="muted">({t.status})</small>
      </h2>
      {t.status === 'running' ? (
        <form action={stopShadow.bind(null, model, t.id)}>
          <button type="submit">Stop shadow test</button>
        </form>
      ) : null}
      {t.candidate.kind === 'version' ? (
        <form action={gateShadow.bind(null, model, t.id)}>
          <button type="submit" data-testid="gate-shadow">
            Run {t.alias}’s gate on v{t.candidate.version}
          </button>
        </form>
      ) : null}
      <table data-testid="shadow-rates">
        <tbody>
          <tr>
            <th>Mirrored requests read</th>
            <td>
              {report.requests}
              {report.truncated ? ' (newest only)' : ''}
            </td>
          </tr>
          {report.agreement ? (
            <tr>
              <th>Agreement</th>
              <td data-testid="agreement">
                {percent(report.agreement.rate)} of {report.agreement.rows} rows
              </td>
            </tr>
          ) : null}
          {report.difference ? (
            <tr>
              <th>|Difference| mean · p50 · p90 · p99</th>
              <td>
                {[
                  report.difference.mean,
                  report.difference.p50,
                  report.difference.p90,
                  report.difference.p99,
                ]
                  .map((v) => (v === null ? '—' : formatNumber(v)))
                  .join(' · ')}
              </td>
            </tr>
          ) : null}
          <tr>
            <th>Candidate errors</th>
            <td data-testid="error-rate">
              {percent(report.candidate.errorRate)} ({report.candidate.errors})
            </td>
          </tr>
          <tr>
            <th>Candidate timeouts</th>
            <td data-testid="timeout-rate">
              {percent(report.candidate.timeoutRate)} ({report.candidate.timeouts})
            </td>
          </tr>
          <tr>
            <th title="Sampled copies this API process shed instead of slowing its callers: too many in flight, or its shadow thread was too far behind to start them in time. They are in no rate above.">
              Copies dropped (this API process)
            </th>
            <td data-testid="dropped">{report.droppedByThisProcess}</td>
          </tr>
          <tr>
            <th>Latency p50 · p90 · p99 (ms), holder</th>
            <td>{latency(report.latencyMs.served)}</td>
          </tr>
          <tr>
            <th>Latency p50 · p90 · p99 (ms), candidate</th>
            <td>{latency(report.latencyMs.shadow)}</td>
          </tr>
          <tr>
            <th>Labelled rows</th>
            <td>
              {report.labelled.rows}
              {report.labelled.note ? (
                <span className="muted"> — {report.labelled.note}</span>
              ) : null}
            </td>
          </tr>
        </tbody>
      </table>
      <h3>{report.kind === 'regressor' ? 'Mean |difference|' : 'Agreement'} over time</h3>
      {overTime.length === 0 ? (
        <p className="muted">Nothing compared yet.</p>
      ) : (
        <LineChart
          points={overTime.map((p) => ({ x: p.x - first, y: p.y }))}
          xLabel="seconds since the first mirrored request"
          yLabel={report.kind === 'regressor' ? 'mean |difference|' : 'agreement'}
        />
      )}
      <h3>Latency histograms</h3>
      <h4>Holder</h4>
      <BarChart
        bars={labels.map((label, i) => ({ label, value: report.latencyHistogram.served[i] ?? 0 }))}
        valueLabel="requests"
      />
      <h4>Candidate</h4>
      <BarChart
        bars={labels.map((label, i) => ({ label, value: report.latencyHistogram.shadow[i] ?? 0 }))}
        valueLabel="requests"
      />
    </div>
  );
}

function latency(p: ShadowReport['latencyMs']['served']): string {
  return [p.p50, p.p90, p.p99].map((v) => (v === null ? '—' : v.toFixed(1))).join(' · ');
}
