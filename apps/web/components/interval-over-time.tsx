import { formatNumber } from '../lib/format';

/** One day of a lift's interval: the estimate and its (always-valid, for sequential) bounds. */
export interface IntervalPoint {
  day: string;
  estimate: number | null;
  low: number | null;
  high: number | null;
}

/**
 * A server-rendered SVG of a lift's interval at the end of each day (cumulative data), in the
 * forest plot's style: the band is the interval, the dots the estimates, the dashed line no
 * difference. With the sequential method the band may be read every day: once it leaves 0 the
 * difference is significant, with no penalty for having looked.
 */
export function IntervalOverTime({
  points,
  title,
  testId,
  width = 560,
}: {
  points: IntervalPoint[];
  title: string;
  testId?: string;
  width?: number;
}) {
  const pad = { left: 64, right: 20, top: 28, bottom: 40 };
  const height = 200;
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const values = points
    .flatMap((p) => [p.estimate, p.low, p.high])
    .filter((v): v is number => v !== null && Number.isFinite(v));
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi - lo < 1e-12) {
    lo -= 0.1;
    hi += 0.1;
  }
  const margin = (hi - lo) * 0.08;
  lo -= margin;
  hi += margin;
  const n = Math.max(1, points.length - 1);
  const sx = (i: number) => pad.left + (points.length === 1 ? w / 2 : (i / n) * w);
  const sy = (v: number) => pad.top + (1 - (v - lo) / (hi - lo)) * h;
  const banded = points
    .map((p, i) => ({ i, p }))
    .filter(({ p }) => p.low !== null && p.high !== null);
  const band =
    banded.length > 1
      ? `${banded.map(({ i, p }) => `${sx(i)},${sy(p.high as number)}`).join(' ')} ${[...banded]
          .reverse()
          .map(({ i, p }) => `${sx(i)},${sy(p.low as number)}`)
          .join(' ')}`
      : null;
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
      <rect x={pad.left} y={pad.top} width={w} height={h} fill="#fafbfc" stroke="#d8dde3" />
      <line
        x1={pad.left}
        x2={pad.left + w}
        y1={sy(0)}
        y2={sy(0)}
        stroke="#9aa3ad"
        strokeDasharray="4 4"
      />
      {band ? <polygon points={band} fill="#2457c5" fillOpacity="0.15" /> : null}
      {points.map((p, i) =>
        p.low !== null && p.high !== null ? (
          <line
            key={`ci-${p.day}`}
            x1={sx(i)}
            x2={sx(i)}
            y1={sy(p.low)}
            y2={sy(p.high)}
            stroke="#2457c5"
            strokeWidth="2"
          />
        ) : null,
      )}
      {points.map((p, i) =>
        p.estimate !== null ? (
          <circle
            key={`e-${p.day}`}
            data-testid="interval-point"
            cx={sx(i)}
            cy={sy(p.estimate)}
            r="3.5"
            fill="#2457c5"
          >
            <title>
              {`${p.day}: ${formatNumber(p.estimate)}${p.low !== null && p.high !== null ? ` [${formatNumber(p.low)}, ${formatNumber(p.high)}]` : ''}`}
            </title>
          </circle>
        ) : null,
      )}
      <text x={pad.left - 6} y={sy(hi) + 10} textAnchor="end" fontSize="10" fill="#5b6470">
        {formatNumber(hi)}
      </text>
      <text x={pad.left - 6} y={sy(0) + 4} textAnchor="end" fontSize="10" fill="#5b6470">
        0
      </text>
      <text x={pad.left - 6} y={sy(lo)} textAnchor="end" fontSize="10" fill="#5b6470">
        {formatNumber(lo)}
      </text>
      <text x={sx(0)} y={height - pad.bottom + 14} fontSize="10" fill="#5b6470">
        {points[0]?.day ?? ''}
      </text>
      {points.length > 1 ? (
        <text
          x={sx(points.length - 1)}
          y={height - pad.bottom + 14}
          textAnchor="end"
          fontSize="10"
          fill="#5b6470"
        >
          {points.at(-1)?.day}
        </text>
      ) : null}
      <text x={pad.left + w / 2} y={height - 6} textAnchor="middle" fontSize="11" fill="#1b1f24">
        relative lift vs control, cumulative, by day
      </text>
    </svg>
  );
}
