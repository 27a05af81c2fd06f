import { XYFrame } from './frame';
import { diverging, MUTED, seriesColour } from './palette';
import { extent } from './scale';

/**
 * Points on two numeric axes (residuals against predictions, a SHAP dependence plot), optionally
 * coloured by a third value (low blue → high vermillion), with an optional horizontal reference.
 */
export function ScatterChart({
  points,
  title,
  xLabel,
  yLabel,
  reference,
  colourLabel,
  testId,
}: {
  points: { x: number; y: number; c?: number }[];
  title: string;
  xLabel: string;
  yLabel: string;
  reference?: number;
  colourLabel?: string;
  testId?: string;
}) {
  const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (finite.length === 0) return <p className="muted">No finite points to plot.</p>;
  const [c0, c1] = extent(finite.map((p) => p.c ?? Number.NaN));
  const yDomain = extent(
    [...finite.map((p) => p.y), ...(reference === undefined ? [] : [reference])],
    0.05,
  );
  return (
    <figure>
      <XYFrame
        title={title}
        description={`${finite.length} points`}
        xLabel={xLabel}
        yLabel={yLabel}
        xDomain={extent(
          finite.map((p) => p.x),
          0.03,
        )}
        yDomain={yDomain}
        testId={testId}
      >
        {({ sx, sy, box }) => (
          <>
            {reference === undefined ? null : (
              <line
                x1={box.left}
                x2={box.right}
                y1={sy(reference)}
                y2={sy(reference)}
                stroke={MUTED}
                strokeDasharray="4 4"
              />
            )}
            {finite.map((p, i) => (
              <circle
                // biome-ignore lint/suspicious/noArrayIndexKey: points may repeat; their order is fixed
                key={i}
                cx={sx(p.x)}
                cy={sy(p.y)}
                r="3"
                fill={p.c === undefined ? seriesColour(0) : diverging((p.c - c0) / (c1 - c0))}
                fillOpacity="0.75"
              />
            ))}
          </>
        )}
      </XYFrame>
      {colourLabel ? (
        <figcaption className="muted small">
          Colour: {colourLabel}, low <span style={{ color: diverging(0) }}>■</span> → high{' '}
          <span style={{ color: diverging(1) }}>■</span>
        </figcaption>
      ) : null}
    </figure>
  );
}
