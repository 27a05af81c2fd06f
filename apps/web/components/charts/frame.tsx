import type { ReactNode } from 'react';
import { FRAME, GRID, INK, MUTED } from './palette';
import { fmt, linear, ticks } from './scale';

export interface Scales {
  sx: (x: number) => number;
  sy: (y: number) => number;
  /** The plotting area, in pixels. */
  box: { left: number; top: number; right: number; bottom: number };
}

/**
 * The frame every XY chart shares: a titled SVG (`role="img"` with the title as its accessible
 * name, and a `<title>`/`<desc>` for screen readers), grid, ticks and axis labels; the marks are
 * drawn by `children` with the scales. Server-rendered: no script reaches the browser.
 */
export function XYFrame({
  title,
  description,
  xLabel,
  yLabel,
  xDomain,
  yDomain,
  width = 640,
  height = 300,
  testId,
  left = 56,
  xTickLabels,
  children,
}: {
  title: string;
  description?: string;
  xLabel: string;
  yLabel: string;
  xDomain: [number, number];
  yDomain: [number, number];
  width?: number;
  height?: number;
  testId?: string;
  left?: number;
  /** Category labels at integer x positions (instead of numeric ticks). */
  xTickLabels?: string[];
  children: (scales: Scales) => ReactNode;
}) {
  const box = { left, top: 28, right: width - 14, bottom: height - 42 };
  const sx = linear(xDomain, [box.left, box.right]);
  const sy = linear(yDomain, [box.bottom, box.top]);
  const xt = xTickLabels ? xTickLabels.map((_, i) => i) : ticks(xDomain, 6);
  const yt = ticks(yDomain, 5);
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
      {description ? <desc>{description}</desc> : null}
      <text x={box.left} y={16} fontSize="13" fontWeight="600" fill={INK}>
        {title}
      </text>
      <rect
        x={box.left}
        y={box.top}
        width={box.right - box.left}
        height={box.bottom - box.top}
        fill="#fcfcfd"
        stroke={FRAME}
      />
      {yt.map((t) => (
        <g key={`y${t}`}>
          <line x1={box.left} x2={box.right} y1={sy(t)} y2={sy(t)} stroke={GRID} />
          <text x={box.left - 6} y={sy(t) + 4} textAnchor="end" fontSize="10" fill={MUTED}>
            {fmt(t)}
          </text>
        </g>
      ))}
      {xt.map((t, i) => (
        <g key={`x${t}`}>
          <line x1={sx(t)} x2={sx(t)} y1={box.top} y2={box.bottom} stroke={GRID} />
          <text x={sx(t)} y={box.bottom + 14} textAnchor="middle" fontSize="10" fill={MUTED}>
            {xTickLabels ? (xTickLabels[i] ?? '') : fmt(t)}
          </text>
        </g>
      ))}
      {children({ sx, sy, box })}
      <text
        x={(box.left + box.right) / 2}
        y={height - 8}
        textAnchor="middle"
        fontSize="11"
        fill={INK}
      >
        {xLabel}
      </text>
      <text
        x={12}
        y={(box.top + box.bottom) / 2}
        textAnchor="middle"
        fontSize="11"
        fill={INK}
        transform={`rotate(-90 12 ${(box.top + box.bottom) / 2})`}
      >
        {yLabel}
      </text>
    </svg>
  );
}

/** A legend as an HTML list (readable, selectable, announced) beside a chart. */
export function Legend({ items }: { items: { label: string; colour: string; dash?: string }[] }) {
  return (
    <ul className="legend">
      {items.map((it) => (
        <li key={it.label}>
          <svg width="18" height="10" aria-hidden="true">
            <line
              x1="0"
              x2="18"
              y1="5"
              y2="5"
              stroke={it.colour}
              strokeWidth="3"
              strokeDasharray={it.dash}
            />
          </svg>{' '}
          {it.label}
        </li>
      ))}
    </ul>
  );
}
