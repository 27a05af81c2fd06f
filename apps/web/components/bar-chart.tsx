/**
 * A server-rendered horizontal SVG bar chart in the line chart's style: one bar per label, from
 * zero, so negative values (a feature whose shuffling helped) point left.
 */
export function BarChart({
  bars,
  valueLabel,
  width = 720,
}: {
  bars: { label: string; value: number }[];
  valueLabel: string;
  width?: number;
}) {
  const finite = bars.filter((b) => Number.isFinite(b.value));
  if (finite.length === 0) return <p className="muted">No finite values to plot.</p>;
  const row = 22;
  const pad = { left: 160, right: 64, top: 8, bottom: 36 };
  const height = pad.top + pad.bottom + row * finite.length;
  const lo = Math.min(0, ...finite.map((b) => b.value));
  const hi = Math.max(0, ...finite.map((b) => b.value));
  // All zeros still needs a non-zero range to be drawn.
  const span = hi - lo || 1;
  const sx = (v: number) => pad.left + ((v - lo) / span) * (width - pad.left - pad.right);
  return (
    <svg
      role="img"
      aria-label={`${valueLabel} by feature`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width }}
    >
      <rect
        x={pad.left}
        y={pad.top}
        width={width - pad.left - pad.right}
        height={height - pad.top - pad.bottom}
        fill="#fafbfc"
        stroke="#d8dde3"
      />
      <line x1={sx(0)} x2={sx(0)} y1={pad.top} y2={height - pad.bottom} stroke="#5b6470" />
      {finite.map((b, i) => {
        const y = pad.top + i * row + 4;
        const x0 = Math.min(sx(0), sx(b.value));
        return (
          <g key={b.label}>
            <text x={pad.left - 8} y={y + 11} textAnchor="end" fontSize="11" fill="#1b1f24">
              {b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label}
            </text>
            <rect
              x={x0}
              y={y}
              width={Math.max(1, Math.abs(sx(b.value) - sx(0)))}
              height={row - 8}
              fill="#2457c5"
            >
              <title>{`${b.label}: ${fmt(b.value)}`}</title>
            </rect>
            <text x={Math.max(sx(0), sx(b.value)) + 4} y={y + 11} fontSize="11" fill="#5b6470">
              {fmt(b.value)}
            </text>
          </g>
        );
      })}
      <text
        x={(width + pad.left - pad.right) / 2}
        y={height - 10}
        textAnchor="middle"
        fontSize="12"
        fill="#1b1f24"
      >
        {valueLabel}
      </text>
    </svg>
  );
}

const fmt = (v: number) =>
  Math.abs(v) >= 1e4 || (Math.abs(v) > 0 && Math.abs(v) < 1e-3)
    ? v.toExponential(2)
    : Number(v.toPrecision(4)).toString();
