import type { ComparisonReport, EvaluatedMetric } from '@assay/core';
import type { GatePolicy, TGateCheckResultSchema, TGateCheckSchema } from '@assay/registry';

/** What a gate run measured, for its policy's checks to read. */
export interface GateEvidence {
  candidateVersion: number;
  /** The alias's holder when the gate ran, if any. */
  holderVersion: number | null;
  /** The candidate's batch test on the reference dataset (metric and fairness checks). */
  metrics: readonly EvaluatedMetric[];
  /** Milliseconds of each `predict` call of the batch test (latency checks). */
  callMs: readonly number[];
  /** The candidate vs the holder on the same rows (relative checks). */
  comparison: ComparisonReport | null;
  /**
   * With a shadow test as evidence and labels sent for its requests: the candidate vs the holder
   * that answered them, on those labelled rows. Relative checks then hold on live traffic too.
   * Absent (or null) otherwise.
   */
  live?: LiveComparison | null;
  /** The candidate version's artifact size. */
  artifactBytes: number;
}

/** The paired comparison of a shadow test's labelled rows, per metric a relative check names. */
export interface LiveComparison {
  /** Labelled rows compared (both answered, a label per row). */
  rows: number;
  /** The metric's paired comparison, or why it could not be computed on these rows. */
  metrics: Record<string, ComparisonReport['metrics'][number] | { unavailable: string }>;
}

const OPS = {
  '>=': (a: number, b: number) => a >= b,
  '>': (a: number, b: number) => a > b,
  '<=': (a: number, b: number) => a <= b,
  '<': (a: number, b: number) => a < b,
} as const;

/** Nearest-rank percentile (`p` in (0, 100]) of a non-empty list. */
export function percentileOf(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

const round = (x: number) => Number(x.toPrecision(6));

/**
 * Each check of the policy against what the gate measured: its numbers, pass or fail, and why in
 * a sentence. Pure: the gate run (`run-gate.ts`) gathers the evidence and stores the outcome.
 */
export function evaluateGateChecks(
  policy: Pick<GatePolicy, 'checks' | 'alpha'>,
  evidence: GateEvidence,
): TGateCheckResultSchema[] {
  return policy.checks.map((check, index) => ({
    index,
    ...checkOne(check, policy.alpha, evidence),
  }));
}

function checkOne(
  check: TGateCheckSchema,
  alpha: number,
  e: GateEvidence,
): Omit<TGateCheckResultSchema, 'index'> {
  switch (check.kind) {
    case 'threshold': {
      const label = `${check.metric} ${check.op} ${check.value}`;
      const value = e.metrics.find((m) => m.name === check.metric)?.value ?? null;
      if (value === null || !Number.isFinite(value)) {
        return fail(
          check.kind,
          label,
          null,
          check.value,
          `${check.metric} is undefined on the reference dataset`,
        );
      }
      const passed = OPS[check.op](value, check.value);
      return {
        kind: check.kind,
        label,
        passed,
        observed: value,
        limit: check.value,
        reason: `${check.metric} = ${round(value)} ${passed ? 'meets' : 'does not meet'} ${check.op} ${check.value}`,
      };
    }
    case 'fairness': {
      const label = `${check.metric}(${check.column}) <= ${check.max}`;
      const value = e.metrics.find((m) => m.name === check.metric)?.value ?? null;
      if (value === null || !Number.isFinite(value)) {
        return fail(
          check.kind,
          label,
          null,
          check.max,
          `${check.metric} by ${check.column} is undefined on the reference dataset`,
        );
      }
      const passed = value <= check.max;
      return {
        kind: check.kind,
        label,
        passed,
        observed: value,
        limit: check.max,
        reason: `${check.metric} across groups of ${check.column} = ${round(value)}, ${passed ? 'within' : 'above'} the bound ${check.max}`,
      };
    }
    case 'relative': {
      const margin = check.margin ?? 0;
      const label = `${check.metric} not worse than the holder by more than ${margin}${check.notSignificantlyWorse ? `, and not significantly worse at α = ${alpha}` : ''}`;
      if (e.holderVersion === null) {
        return {
          kind: check.kind,
          label,
          passed: true,
          observed: null,
          limit: null,
          reason: 'the alias has no holder: nothing to be worse than',
        };
      }
      if (e.holderVersion === e.candidateVersion) {
        return {
          kind: check.kind,
          label,
          passed: true,
          observed: null,
          limit: null,
          reason: `version ${e.candidateVersion} already holds the alias`,
        };
      }
      const m = e.comparison?.metrics.find((x) => x.metric === check.metric);
      if (!m) {
        return fail(
          check.kind,
          label,
          null,
          null,
          `the comparison with the holder (version ${e.holderVersion}) has no ${check.metric}`,
        );
      }
      const onDataset = judgeRelative(check, alpha, m);
      const parts = [
        `${check.metric} = ${round(m.candidate)} vs the holder's ${round(m.baseline)} (version ${e.holderVersion}, delta ${round(m.delta)}): ${onDataset.sentence}`,
      ];
      let passed = onDataset.passed;
      let live: Record<string, unknown> | undefined;
      const liveMetric = e.live?.metrics[check.metric];
      if (e.live && liveMetric) {
        if ('unavailable' in liveMetric) {
          parts.push(`not judged on the live labelled rows: ${liveMetric.unavailable}`);
          live = { rows: e.live.rows, unavailable: liveMetric.unavailable };
        } else {
          const onLive = judgeRelative(check, alpha, liveMetric);
          passed = passed && onLive.passed;
          parts.push(
            `on ${e.live.rows} live labelled rows of the shadow test, ${round(liveMetric.candidate)} vs the holder's ${round(liveMetric.baseline)} (delta ${round(liveMetric.delta)}): ${onLive.sentence}`,
          );
          live = {
            rows: e.live.rows,
            passed: onLive.passed,
            candidate: liveMetric.candidate,
            limit: onLive.limit,
            ...onLive.details,
          };
        }
      }
      return {
        kind: check.kind,
        label,
        passed,
        observed: m.candidate,
        limit: onDataset.limit,
        reason: parts.join('; '),
        details: {
          holderVersion: e.holderVersion,
          ...onDataset.details,
          ...(live ? { live } : {}),
        },
      };
    }
    case 'latency': {
      const label = `p${check.percentile} predict latency (${check.batchRows ?? 1} rows per call) <= ${check.maxMs} ms`;
      if (e.callMs.length === 0) {
        return fail(
          check.kind,
          label,
          null,
          check.maxMs,
          'no predict call was timed (the policy has no metric for the batch test to compute)',
        );
      }
      const value = percentileOf(e.callMs, check.percentile);
      const passed = value <= check.maxMs;
      return {
        kind: check.kind,
        label,
        passed,
        observed: value,
        limit: check.maxMs,
        reason: `p${check.percentile} of ${e.callMs.length} predict calls = ${round(value)} ms, ${passed ? 'within' : 'above'} ${check.maxMs} ms`,
        details: { calls: e.callMs.length },
      };
    }
    case 'artifact-size': {
      const passed = e.artifactBytes <= check.maxBytes;
      return {
        kind: check.kind,
        label: `artifact size <= ${check.maxBytes} bytes`,
        passed,
        observed: e.artifactBytes,
        limit: check.maxBytes,
        reason: `the artifact is ${e.artifactBytes} bytes, ${passed ? 'within' : 'above'} ${check.maxBytes}`,
      };
    }
  }
}

type RelativeCheck = Extract<TGateCheckSchema, { kind: 'relative' }>;

/**
 * A relative check on one paired comparison (the reference dataset's, or the live labelled
 * rows'): within the margin of the baseline, and, if asked, not significantly worse at α.
 */
function judgeRelative(
  check: RelativeCheck,
  alpha: number,
  m: ComparisonReport['metrics'][number],
): { passed: boolean; limit: number; sentence: string; details: Record<string, unknown> } {
  const margin = check.margin ?? 0;
  const limit = m.higherIsBetter ? m.baseline - margin : m.baseline + margin;
  const withinMargin = m.higherIsBetter ? m.candidate >= limit : m.candidate <= limit;
  const worse = check.notSignificantlyWorse === true && m.significantlyWorse === true;
  let sentence = `${withinMargin ? 'within' : 'beyond'} the margin ${margin} (${m.higherIsBetter ? '≥' : '≤'} ${round(limit)})`;
  if (check.notSignificantlyWorse) {
    sentence +=
      m.test === null
        ? '; no paired test applies'
        : `; ${m.test.name} p = ${round(m.test.pValue)}: ${worse ? `significantly worse at α = ${alpha}` : `not significantly worse at α = ${alpha}`}`;
  }
  return {
    passed: withinMargin && !worse,
    limit,
    sentence,
    details: {
      holder: m.baseline,
      delta: m.delta,
      higherIsBetter: m.higherIsBetter,
      interval: m.interval
        ? { low: m.interval.low, high: m.interval.high, level: m.interval.level }
        : null,
      test: m.test
        ? { name: m.test.name, statistic: m.test.statistic, pValue: m.test.pValue }
        : null,
      significantlyWorse: m.significantlyWorse,
    },
  };
}

function fail(
  kind: TGateCheckResultSchema['kind'],
  label: string,
  observed: number | null,
  limit: number | null,
  reason: string,
): Omit<TGateCheckResultSchema, 'index'> {
  return { kind, label, passed: false, observed, limit, reason };
}
