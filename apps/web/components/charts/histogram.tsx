import { XYFrame } from './frame';
import { MUTED, seriesColour } from './palette';

/**
 * A histogram whose bins the core computed (the residuals metric: NumPy's edges and counts), with
 * a dashed reference line (zero) when it is in range.
 */
export function Histogram({
  histogram,
  title,
  xLabel,
  reference,
  testId,
}: {
  histogram: { edges: readonly number[]; counts: readonly number[] };
  title: string;
  xLabel: string;
  reference?: number;
  testId?: string;
}) {
  const bins = histogram.counts.map((count, i) => ({
    from: histogram.edges[i] as number,
    to: histogram.edges[i + 1] as number,
    count,
  }));
  const first = bins[0];
  const last = bins.at(-1);
  if (!first || !last) return <p className="muted">No values.</p>;
  const top = Math.max(...bins.map((b) => b.count));
  return (
    <XYFrame
      title={title}
      description={bins
        .map((b) => `${b.from.toPrecision(3)} to ${b.to.toPrecision(3)}: ${b.count}`)
        .join('; ')}
      xLabel={xLabel}
      yLabel="count"
      xDomain={[first.from, last.to]}
      yDomain={[0, top * 1.05]}
      testId={testId}
    >
      {({ sx, sy, box }) => (
        <>
          {bins.map((b) => (
            <rect
              key={b.from}
              x={sx(b.from) + 0.5}
              y={sy(b.count)}
              width={Math.max(0.5, sx(b.to) - sx(b.from) - 1)}
              height={box.bottom - sy(b.count)}
              fill={seriesColour(0)}
              data-count={b.count}
            >
              <title>{`${b.from.toPrecision(3)} to ${b.to.toPrecision(3)}: ${b.count}`}</title>
            </rect>
          ))}
          {reference !== undefined && reference >= first.from && reference <= last.to ? (
            <line
              x1={sx(reference)}
              x2={sx(reference)}
              y1={box.top}
              y2={box.bottom}
              stroke={MUTED}
              strokeDasharray="4 4"
            />
          ) : null}
        </>
      )}
    </XYFrame>
  );
}
