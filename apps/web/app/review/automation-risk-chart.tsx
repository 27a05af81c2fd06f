/** A point of the curve: automate every prediction with confidence ≥ threshold. */
export interface CurvePoint {
  threshold: number;
  rateOfAutomation: number;
  riskRate: number;
}

/**
 * The automation–risk curve as a server-rendered SVG (the portal's charts are small SVG
 * components, no chart library): rate of automation across, risk rate up, one point per
 * threshold; the policy's threshold and the one meeting the target risk are marked and named.
 */
export function AutomationRiskChart({
  points,
  chosen,
  target,
  policyRate = null,
  size = 340,
}: {
  points: CurvePoint[];
  /** The policy's threshold now (its curve point, if the curve reaches it). */
  chosen: CurvePoint | null;
  /** The lowest threshold meeting the target risk. */
  target: CurvePoint | null;
  /**
   * Without reviewed items at or above the policy's threshold (no audit sample), its risk is
   * unknown: the threshold is marked by the share of predictions it automates, as a line.
   */
  policyRate?: { threshold: number; rateOfAutomation: number } | null;
  size?: number;
}) {
  const pad = { left: 48, right: 14, top: 30, bottom: 44 };
  const w = size - pad.left - pad.right;
  const h = size - pad.top - pad.bottom;
  const maxRisk = Math.max(0.05, ...points.map((p) => p.riskRate));
  const sx = (x: number) => pad.left + Math.min(1, Math.max(0, x)) * w;
  const sy = (y: number) => pad.top + (1 - Math.min(1, Math.max(0, y / maxRisk))) * h;
  const sorted = [...points].sort((a, b) => a.rateOfAutomation - b.rateOfAutomation);
  const d = sorted
    .map(
      (p, i) => `${i ? 'L' : 'M'}${sx(p.rateOfAutomation).toFixed(1)},${sy(p.riskRate).toFixed(1)}`,
    )
    .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const marker = (p: CurvePoint, colour: string, label: string, dy: number) => (
    <g data-testid={`marker-${label.split(' ')[0]}`}>
      <circle cx={sx(p.rateOfAutomation)} cy={sy(p.riskRate)} r={5} fill={colour} stroke="#fff">
        <title>
          {label}: threshold {p.threshold.toFixed(3)}, automation{' '}
          {(p.rateOfAutomation * 100).toFixed(1)} %, risk {(p.riskRate * 100).toFixed(1)} %
        </title>
      </circle>
      <text x={sx(p.rateOfAutomation) + 8} y={sy(p.riskRate) + dy} fontSize="11" fill={colour}>
        {label} ({p.threshold.toFixed(2)})
      </text>
    </g>
  );
  return (
    <svg
      role="img"
      aria-label={`Automation–risk curve${chosen ? `; the policy's threshold ${chosen.threshold.toFixed(3)} automates ${(chosen.rateOfAutomation * 100).toFixed(1)} % at ${(chosen.riskRate * 100).toFixed(1)} % risk` : ''}`}
      data-testid="automation-risk-curve"
      viewBox={`0 0 ${size} ${size}`}
      width={size}
      height={size}
    >
      <text x={pad.left} y={18} fontSize="13" fontWeight="600" fill="#1b1f24">
        Automation vs risk
      </text>
      <rect x={pad.left} y={pad.top} width={w} height={h} fill="#fafbfc" stroke="#d8dde3" />
      {ticks.map((t) => (
        <g key={t}>
          <line x1={sx(t)} x2={sx(t)} y1={pad.top} y2={pad.top + h} stroke="#eef0f3" />
          <text x={sx(t)} y={pad.top + h + 14} textAnchor="middle" fontSize="10" fill="#5b6470">
            {Math.round(t * 100)} %
          </text>
          <line
            x1={pad.left}
            x2={pad.left + w}
            y1={sy(t * maxRisk)}
            y2={sy(t * maxRisk)}
            stroke="#eef0f3"
          />
          <text
            x={pad.left - 6}
            y={sy(t * maxRisk) + 3}
            textAnchor="end"
            fontSize="10"
            fill="#5b6470"
          >
            {(t * maxRisk * 100).toFixed(1)} %
          </text>
        </g>
      ))}
      <path d={d} fill="none" stroke="#1f6feb" strokeWidth={2} />
      {chosen ? marker(chosen, '#b42318', 'policy threshold', -8) : null}
      {!chosen && policyRate ? (
        <g data-testid="marker-policy">
          <line
            x1={sx(policyRate.rateOfAutomation)}
            x2={sx(policyRate.rateOfAutomation)}
            y1={pad.top}
            y2={pad.top + h}
            stroke="#b42318"
            strokeDasharray="4 3"
          >
            <title>
              policy threshold {policyRate.threshold}: automates{' '}
              {(policyRate.rateOfAutomation * 100).toFixed(1)} % (its risk needs an audit sample)
            </title>
          </line>
          <text
            x={sx(policyRate.rateOfAutomation) - 4}
            y={pad.top + 12}
            textAnchor="end"
            fontSize="11"
            fill="#b42318"
          >
            policy threshold ({policyRate.threshold})
          </text>
        </g>
      ) : null}
      {target ? marker(target, '#1a7f37', 'target threshold', 14) : null}
      <text x={pad.left + w / 2} y={size - 8} textAnchor="middle" fontSize="11" fill="#1b1f24">
        Rate of automation
      </text>
      <text
        x={12}
        y={pad.top + h / 2}
        textAnchor="middle"
        fontSize="11"
        fill="#1b1f24"
        transform={`rotate(-90 12 ${pad.top + h / 2})`}
      >
        Risk rate
      </text>
    </svg>
  );
}
