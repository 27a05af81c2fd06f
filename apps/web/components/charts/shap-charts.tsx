import { diverging, FRAME, INK, MUTED, seriesColour } from './palette';
import { extent, fmt, linear, ticks } from './scale';

const ROW = 26;

/**
 * A SHAP beeswarm: one row per feature (most important first), one dot per instance at its SHAP
 * value, coloured by the instance's value of that feature (blue low → vermillion high, when the
 * values are known); dots that would overlap are stacked away from the row's centre line.
 */
export function Beeswarm({
  featureNames,
  shap,
  featureValues,
  order,
  testId,
  width = 640,
}: {
  featureNames: string[];
  /** instances × features. */
  shap: number[][];
  /** instances × features, the explained rows (for colour), if known. */
  featureValues?: number[][];
  /** Feature indices, top row first. */
  order: number[];
  testId?: string;
  width?: number;
}) {
  const pad = { left: 150, right: 16, top: 28, bottom: 40 };
  const height = pad.top + pad.bottom + ROW * order.length;
  const sx = linear(extent(shap.flat(), 0.05), [pad.left, width - pad.right]);
  const xt = ticks(extent(shap.flat(), 0.05), 6);
  return (
    <figure>
      <svg
        role="img"
        aria-label="SHAP beeswarm: each instance's SHAP value per feature"
        data-testid={testId}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: width }}
      >
        <title>SHAP beeswarm</title>
        <text x={pad.left} y={16} fontSize="13" fontWeight="600" fill={INK}>
          SHAP values per instance
        </text>
        <rect
          x={pad.left}
          y={pad.top}
          width={width - pad.left - pad.right}
          height={ROW * order.length}
          fill="#fcfcfd"
          stroke={FRAME}
        />
        {xt.map((t) => (
          <text
            key={t}
            x={sx(t)}
            y={height - pad.bottom + 14}
            textAnchor="middle"
            fontSize="10"
            fill={MUTED}
          >
            {fmt(t)}
          </text>
        ))}
        <line x1={sx(0)} x2={sx(0)} y1={pad.top} y2={height - pad.bottom} stroke={MUTED} />
        {order.map((f, r) => {
          const cy = pad.top + r * ROW + ROW / 2;
          const col = featureValues?.map((row) => row[f] as number);
          const [lo, hi] = col ? extent(col) : [0, 1];
          // Stack dots that land in the same 3-pixel slot, alternately above and below.
          const slots = new Map<number, number>();
          return (
            <g key={f} data-feature={featureNames[f]}>
              <text x={pad.left - 8} y={cy + 4} textAnchor="end" fontSize="11" fill={INK}>
                {featureNames[f]}
              </text>
              {shap.map((row, i) => {
                const x = sx(row[f] as number);
                const slot = Math.round(x / 3);
                const k = slots.get(slot) ?? 0;
                slots.set(slot, k + 1);
                const dy = Math.min(ROW / 2 - 3, Math.ceil(k / 2) * 2.5) * (k % 2 ? -1 : 1);
                return (
                  <circle
                    // biome-ignore lint/suspicious/noArrayIndexKey: one dot per instance, in order
                    key={i}
                    cx={x}
                    cy={cy + dy}
                    r="2.6"
                    fill={col ? diverging(((col[i] as number) - lo) / (hi - lo)) : seriesColour(0)}
                  />
                );
              })}
            </g>
          );
        })}
        <text
          x={(width + pad.left) / 2}
          y={height - 8}
          textAnchor="middle"
          fontSize="11"
          fill={INK}
        >
          SHAP value (impact on the model output)
        </text>
      </svg>
      {featureValues ? (
        <figcaption className="muted small">
          Colour: the feature’s value, low <span style={{ color: diverging(0) }}>■</span> → high{' '}
          <span style={{ color: diverging(1) }}>■</span>
        </figcaption>
      ) : null}
    </figure>
  );
}

/**
 * A SHAP waterfall for one instance: from the base value E[f(x)], each feature's contribution
 * (largest |φ| first) as a step right (positive, vermillion) or left (negative, blue), ending at
 * the instance's output f(x) = base + Σφ.
 */
export function Waterfall({
  featureNames,
  phi,
  base,
  values,
  testId,
  width = 640,
}: {
  featureNames: string[];
  phi: number[];
  base: number;
  /** The instance's feature values, for the labels, if known. */
  values?: number[];
  testId?: string;
  width?: number;
}) {
  const order = phi
    .map((_, j) => j)
    .sort((a, b) => Math.abs(phi[b] as number) - Math.abs(phi[a] as number));
  const steps: { j: number; from: number; to: number }[] = [];
  let at = base;
  for (const j of [...order].reverse()) {
    steps.push({ j, from: at, to: at + (phi[j] as number) });
    at += phi[j] as number;
  }
  steps.reverse();
  const out = at;
  const pad = { left: 170, right: 70, top: 40, bottom: 40 };
  const height = pad.top + pad.bottom + ROW * steps.length;
  const dom = extent([base, out, ...steps.flatMap((s) => [s.from, s.to])], 0.05);
  const sx = linear(dom, [pad.left, width - pad.right]);
  return (
    <svg
      role="img"
      aria-label={`SHAP waterfall: from base value ${fmt(base)} to output ${fmt(out)}`}
      data-testid={testId}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width }}
    >
      <title>SHAP waterfall</title>
      <desc>{steps.map((s) => `${featureNames[s.j]}: ${fmt(phi[s.j] as number)}`).join('; ')}</desc>
      <text x={pad.left} y={16} fontSize="13" fontWeight="600" fill={INK}>
        f(x) = {fmt(out)}
      </text>
      <rect
        x={pad.left}
        y={pad.top}
        width={width - pad.left - pad.right}
        height={ROW * steps.length}
        fill="#fcfcfd"
        stroke={FRAME}
      />
      {steps.map((s, r) => {
        const y = pad.top + r * ROW + 5;
        const up = s.to >= s.from;
        const colour = up ? seriesColour(1) : seriesColour(0);
        const v = values?.[s.j];
        return (
          <g key={s.j} data-feature={featureNames[s.j]} data-phi={phi[s.j]}>
            <text x={pad.left - 8} y={y + 12} textAnchor="end" fontSize="11" fill={INK}>
              {v === undefined ? '' : `${fmt(v)} = `}
              {featureNames[s.j]}
            </text>
            <rect
              x={Math.min(sx(s.from), sx(s.to))}
              y={y}
              width={Math.max(1, Math.abs(sx(s.to) - sx(s.from)))}
              height={ROW - 10}
              fill={colour}
            />
            <text x={Math.max(sx(s.from), sx(s.to)) + 4} y={y + 12} fontSize="11" fill={INK}>
              {up ? '+' : ''}
              {fmt(phi[s.j] as number)}
            </text>
          </g>
        );
      })}
      <line
        x1={sx(base)}
        x2={sx(base)}
        y1={pad.top - 6}
        y2={height - pad.bottom + 6}
        stroke={MUTED}
        strokeDasharray="3 3"
      />
      <line
        x1={sx(out)}
        x2={sx(out)}
        y1={pad.top - 6}
        y2={height - pad.bottom + 6}
        stroke={INK}
        strokeDasharray="3 3"
      />
      <text
        x={sx(base)}
        y={height - pad.bottom + 20}
        textAnchor="middle"
        fontSize="10"
        fill={MUTED}
      >
        E[f(x)] = {fmt(base)}
      </text>
      <text x={sx(out)} y={pad.top - 10} textAnchor="middle" fontSize="10" fill={INK}>
        f(x) = {fmt(out)}
      </text>
    </svg>
  );
}
