import { formatNumber } from '../lib/format';

/** One row of a forest plot: a delta and its interval. */
export interface ForestRow {
  label: string;
  delta: number;
  low: number | null;
  high: number | null;
  /** Where "better" lies: deltas above 0 (higher is better) or below. */
  higherIsBetter: boolean;
  significantlyWorse: boolean | null;
}

/**
 * A server-rendered SVG forest plot: one row per metric, the delta (candidate − baseline) as a
 * square and its paired interval as a line, around a dashed line at 0 (no difference). Rows the
 * paired test finds significantly worse are drawn in red.
 */
export function ForestPlot({
  rows,
  title,
  testId,
  width = 520,
}: {
  rows: ForestRow[];
  title: string;
  testId?: string;
  width?: number;
}) {
  const rowH = 28;
  const pad = { left: 150, right: 24, top: 30, bottom: 34 };
  const height = pad.top + pad.bottom + rowH * Math.max(1, rows.length);
  const w = width - pad.left - pad.right;
  const values = rows.flatMap((r) => [r.delta, r.low ?? r.delta, r.high ?? r.delta, 0]);
  const finite = values.filter(Number.isFinite);
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 1e-12) {
    lo -= 1;
    hi += 1;
  }
  const margin = (hi - lo) * 0.08;
  lo -= margin;
  hi += margin;
  const sx = (x: number) => pad.left + ((x - lo) / (hi - lo)) * w;
  const y = (i: number) => pad.top + rowH * i + rowH / 2;
  return (
    <svg
      role="img"
      aria-label={title}
      data-testid={testId}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
    >
      <text x={pad.left} y={16} fontSize="13" fontWeight="600" fill="#1b1f24">
        {title}
      </text>
      <rect
        x={pad.left}
        y={pad.top}
        width={w}
        height={rowH * Math.max(1, rows.length)}
        fill="#fafbfc"
        stroke="#d8dde3"
      />
      <line
        x1={sx(0)}
        x2={sx(0)}
        y1={pad.top}
        y2={height - pad.bottom}
        stroke="#9aa3ad"
        strokeDasharray="4 4"
      />
      {rows.map((r, i) => {
        const color = r.significantlyWorse ? '#c62828' : '#2457c5';
        return (
          <g key={r.label} data-testid="forest-row" data-metric={r.label}>
            <text x={pad.left - 8} y={y(i) + 4} textAnchor="end" fontSize="11" fill="#1b1f24">
              {r.label}
            </text>
            {r.low !== null && r.high !== null ? (
              <line
                x1={sx(r.low)}
                x2={sx(r.high)}
                y1={y(i)}
                y2={y(i)}
                stroke={color}
                strokeWidth="2"
              />
            ) : null}
            <rect x={sx(r.delta) - 4} y={y(i) - 4} width="8" height="8" fill={color}>
              <title>
                {`${r.label}: delta ${formatNumber(r.delta)}${r.low !== null && r.high !== null ? ` [${formatNumber(r.low)}, ${formatNumber(r.high)}]` : ''} (${r.higherIsBetter ? 'higher' : 'lower'} is better)`}
              </title>
            </rect>
          </g>
        );
      })}
      <text x={sx(lo)} y={height - pad.bottom + 14} fontSize="10" fill="#5b6470">
        {formatNumber(lo)}
      </text>
      <text x={sx(0)} y={height - pad.bottom + 14} textAnchor="middle" fontSize="10" fill="#5b6470">
        0
      </text>
      <text x={sx(hi)} y={height - pad.bottom + 14} textAnchor="end" fontSize="10" fill="#5b6470">
        {formatNumber(hi)}
      </text>
      <text x={pad.left + w / 2} y={height - 6} textAnchor="middle" fontSize="11" fill="#1b1f24">
        candidate − baseline
      </text>
    </svg>
  );
}
