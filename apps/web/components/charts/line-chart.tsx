import { lttb } from '@assay/core/lttb';
import { Legend, XYFrame } from './frame';
import { seriesColour } from './palette';
import { extent } from './scale';

export interface Series {
  label: string;
  points: { x: number; y: number }[];
  /** Points in the full series, when `points` already is a downsample of it. */
  total?: number;
}

/**
 * Several series overlaid on shared axes (a metric across runs), each downsampled with LTTB to
 * at most `maxPoints` before drawing: 20 runs × 100,000 steps become 20 paths of a few hundred
 * points, which keeps the page small and fast while peaks and dips stay visible.
 */
export function MultiLineChart({
  series,
  title,
  xLabel,
  yLabel,
  maxPoints = 600,
  testId,
}: {
  series: Series[];
  title: string;
  xLabel: string;
  yLabel: string;
  maxPoints?: number;
  testId?: string;
}) {
  const drawn = series.map((s) => ({
    label: s.label,
    total: s.total ?? s.points.length,
    points: lttb(
      s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)),
      maxPoints,
    ),
  }));
  const all = drawn.flatMap((s) => s.points);
  if (all.length === 0) return <p className="muted">No finite points to plot.</p>;
  return (
    <figure>
      <XYFrame
        title={title}
        description={drawn.map((s) => `${s.label}: ${s.total} points`).join('; ')}
        xLabel={xLabel}
        yLabel={yLabel}
        xDomain={extent(all.map((p) => p.x))}
        yDomain={extent(
          all.map((p) => p.y),
          0.05,
        )}
        testId={testId}
      >
        {({ sx, sy }) =>
          drawn.map((s, i) => (
            <path
              key={s.label}
              d={s.points
                .map((p, j) => `${j ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
                .join('')}
              fill="none"
              stroke={seriesColour(i)}
              strokeWidth="1.8"
              strokeDasharray={i >= 7 ? '5 3' : undefined}
              data-series={s.label}
              data-points={s.points.length}
            />
          ))
        }
      </XYFrame>
      <Legend
        items={drawn.map((s, i) => ({
          label: `${s.label} (${s.total} points${s.total > s.points.length ? `, ${s.points.length} drawn` : ''})`,
          colour: seriesColour(i),
          dash: i >= 7 ? '5 3' : undefined,
        }))}
      />
    </figure>
  );
}
