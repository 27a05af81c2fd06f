/**
 * A server-rendered SVG curve on the unit square (ROC, precision–recall, calibration), with an
 * optional reference line: small, no chart library.
 */
export function CurveChart({
  points,
  xLabel,
  yLabel,
  title,
  reference,
  testId,
  size = 300,
}: {
  points: { x: number; y: number }[];
  xLabel: string;
  yLabel: string;
  title: string;
  /** A dashed line for comparison: the diagonal (chance, perfect calibration) or a level. */
  reference?: 'diagonal' | { y: number };
  testId?: string;
  size?: number;
}) {
  const pad = { left: 44, right: 12, top: 28, bottom: 40 };
  const w = size - pad.left - pad.right;
  const h = size - pad.top - pad.bottom;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const sx = (x: number) => pad.left + clamp(x) * w;
  const sy = (y: number) => pad.top + (1 - clamp(y)) * h;
  const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const d = finite
    .map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
    .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <svg
      role="img"
      aria-label={title}
      data-testid={testId}
      viewBox={`0 0 ${size} ${size}`}
      width={size}
      height={size}
    >
      <text x={pad.left} y={16} fontSize="13" fontWeight="600" fill="#1b1f24">
        {title}
      </text>
      <rect x={pad.left} y={pad.top} width={w} height={h} fill="#fafbfc" stroke="#d8dde3" />
      {ticks.map((t) => (
        <g key={t}>
          <line x1={sx(t)} x2={sx(t)} y1={pad.top} y2={pad.top + h} stroke="#eef0f3" />
          <line x1={pad.left} x2={pad.left + w} y1={sy(t)} y2={sy(t)} stroke="#eef0f3" />
          <text x={sx(t)} y={pad.top + h + 14} textAnchor="middle" fontSize="10" fill="#5b6470">
            {t}
          </text>
          <text x={pad.left - 6} y={sy(t) + 3} textAnchor="end" fontSize="10" fill="#5b6470">
            {t}
          </text>
        </g>
      ))}
      {reference === 'diagonal' ? (
        <line x1={sx(0)} y1={sy(0)} x2={sx(1)} y2={sy(1)} stroke="#9aa3ad" strokeDasharray="4 4" />
      ) : reference ? (
        <line
          x1={sx(0)}
          y1={sy(reference.y)}
          x2={sx(1)}
          y2={sy(reference.y)}
          stroke="#9aa3ad"
          strokeDasharray="4 4"
        />
      ) : null}
      <path d={d} fill="none" stroke="#2457c5" strokeWidth="2" data-points={finite.length} />
      {finite.length <= 30
        ? finite.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: points may repeat; their order is fixed
            <circle key={i} cx={sx(p.x)} cy={sy(p.y)} r="2.5" fill="#2457c5" />
          ))
        : null}
      <text x={pad.left + w / 2} y={size - 8} textAnchor="middle" fontSize="11" fill="#1b1f24">
        {xLabel}
      </text>
      <text
        x={12}
        y={pad.top + h / 2}
        textAnchor="middle"
        fontSize="11"
        fill="#1b1f24"
        transform={`rotate(-90 12 ${pad.top + h / 2})`}
      >
        {yLabel}
      </text>
    </svg>
  );
}
