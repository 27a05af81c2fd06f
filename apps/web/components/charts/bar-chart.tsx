import { FRAME, INK, MUTED, seriesColour } from './palette';
import { fmt } from './scale';

/**
 * Horizontal bars from zero, one per label, with optional ± error bars (permutation importance's
 * standard deviation over repeats) and an optional reference line (an overall value).
 */
export function HBarChart({
  bars,
  title,
  valueLabel,
  reference,
  testId,
  width = 640,
}: {
  bars: { label: string; value: number; error?: number }[];
  title: string;
  valueLabel: string;
  reference?: { value: number; label: string };
  testId?: string;
  width?: number;
}) {
  const finite = bars.filter((b) => Number.isFinite(b.value));
  if (finite.length === 0) return <p className="muted">No finite values to plot.</p>;
  const row = 24;
  const pad = { left: 170, right: 70, top: 28, bottom: 36 };
  const height = pad.top + pad.bottom + row * finite.length;
  const ends = finite.flatMap((b) => [b.value - (b.error ?? 0), b.value + (b.error ?? 0)]);
  const lo = Math.min(0, ...ends, reference?.value ?? 0);
  const hi = Math.max(0, ...ends, reference?.value ?? 0);
  const span = hi - lo || 1;
  const sx = (v: number) => pad.left + ((v - lo) / span) * (width - pad.left - pad.right);
  return (
    <svg
      role="img"
      aria-label={title}
      data-testid={testId}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width }}
    >
      <title>{title}</title>
      <desc>
        {finite
          .map((b) => `${b.label}: ${fmt(b.value)}${b.error ? ` ± ${fmt(b.error)}` : ''}`)
          .join('; ')}
      </desc>
      <text x={pad.left} y={16} fontSize="13" fontWeight="600" fill={INK}>
        {title}
      </text>
      <rect
        x={pad.left}
        y={pad.top}
        width={width - pad.left - pad.right}
        height={height - pad.top - pad.bottom}
        fill="#fcfcfd"
        stroke={FRAME}
      />
      <line x1={sx(0)} x2={sx(0)} y1={pad.top} y2={height - pad.bottom} stroke={MUTED} />
      {finite.map((b, i) => {
        const y = pad.top + i * row + 5;
        const mid = y + (row - 10) / 2;
        return (
          <g key={b.label} data-label={b.label} data-value={b.value}>
            <text x={pad.left - 8} y={mid + 4} textAnchor="end" fontSize="11" fill={INK}>
              {b.label.length > 26 ? `${b.label.slice(0, 25)}…` : b.label}
            </text>
            <rect
              x={Math.min(sx(0), sx(b.value))}
              y={y}
              width={Math.max(1, Math.abs(sx(b.value) - sx(0)))}
              height={row - 10}
              fill={seriesColour(0)}
            >
              <title>{`${b.label}: ${fmt(b.value)}${b.error ? ` ± ${fmt(b.error)}` : ''}`}</title>
            </rect>
            {b.error ? (
              <g stroke={INK} strokeWidth="1.2">
                <line x1={sx(b.value - b.error)} x2={sx(b.value + b.error)} y1={mid} y2={mid} />
                <line
                  x1={sx(b.value - b.error)}
                  x2={sx(b.value - b.error)}
                  y1={mid - 4}
                  y2={mid + 4}
                />
                <line
                  x1={sx(b.value + b.error)}
                  x2={sx(b.value + b.error)}
                  y1={mid - 4}
                  y2={mid + 4}
                />
              </g>
            ) : null}
            <text
              x={Math.max(sx(0), sx(b.value + (b.error ?? 0))) + 5}
              y={mid + 4}
              fontSize="11"
              fill={MUTED}
            >
              {fmt(b.value)}
            </text>
          </g>
        );
      })}
      {reference ? (
        <g>
          <line
            x1={sx(reference.value)}
            x2={sx(reference.value)}
            y1={pad.top}
            y2={height - pad.bottom}
            stroke={seriesColour(1)}
            strokeDasharray="5 3"
            strokeWidth="1.5"
          />
          <text
            x={sx(reference.value)}
            y={pad.top - 3}
            textAnchor="middle"
            fontSize="10"
            fill={INK}
          >
            {reference.label}
          </text>
        </g>
      ) : null}
      <text
        x={(width + pad.left - pad.right) / 2}
        y={height - 8}
        textAnchor="middle"
        fontSize="11"
        fill={INK}
      >
        {valueLabel}
      </text>
    </svg>
  );
}
