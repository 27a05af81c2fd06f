/** A server-rendered SVG line chart: enough to see a metric's curve without a chart library. */
export function LineChart({
  points,
  xLabel,
  yLabel,
  width = 720,
  height = 280,
}: {
  points: { x: number; y: number }[];
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}) {
  const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (finite.length === 0) return <p className="muted">No finite points to plot.</p>;
  const pad = { left: 64, right: 16, top: 12, bottom: 40 };
  const xs = finite.map((p) => p.x);
  const ys = finite.map((p) => p.y);
  const [x0, x1] = extent(xs);
  const [y0, y1] = extent(ys);
  const sx = (x: number) => pad.left + ((x - x0) / (x1 - x0)) * (width - pad.left - pad.right);
  const sy = (y: number) =>
    height - pad.bottom - ((y - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);
  const d = finite
    .map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
    .join('');
  const yTicks = [y0, (y0 + y1) / 2, y1];
  const xTicks = [x0, (x0 + x1) / 2, x1];
  return (
    <svg
      role="img"
      aria-label={`${yLabel} by ${xLabel}`}
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
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line x1={pad.left - 4} x2={width - pad.right} y1={sy(t)} y2={sy(t)} stroke="#eef0f3" />
          <text x={pad.left - 8} y={sy(t) + 4} textAnchor="end" fontSize="11" fill="#5b6470">
            {fmt(t)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text
          key={`x${t}`}
          x={sx(t)}
          y={height - pad.bottom + 16}
          textAnchor="middle"
          fontSize="11"
          fill="#5b6470"
        >
          {fmt(t)}
        </text>
      ))}
      <text
        x={(width + pad.left) / 2}
        y={height - 6}
        textAnchor="middle"
        fontSize="12"
        fill="#1b1f24"
      >
        {xLabel}
      </text>
      <text
        x={14}
        y={height / 2}
        textAnchor="middle"
        fontSize="12"
        fill="#1b1f24"
        transform={`rotate(-90 14 ${height / 2})`}
      >
        {yLabel}
      </text>
      <path d={d} fill="none" stroke="#2457c5" strokeWidth="2" />
      {finite.length <= 60
        ? finite.map((p) => (
            <circle key={`${p.x}:${p.y}`} cx={sx(p.x)} cy={sy(p.y)} r="2.5" fill="#2457c5" />
          ))
        : null}
    </svg>
  );
}

function extent(values: number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // A flat series still needs a non-zero range to be drawn.
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

const fmt = (v: number) =>
  Math.abs(v) >= 1e4 || (Math.abs(v) > 0 && Math.abs(v) < 1e-3)
    ? v.toExponential(2)
    : Number(v.toPrecision(4)).toString();
