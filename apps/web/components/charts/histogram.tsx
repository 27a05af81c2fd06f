import { XYFrame } from './frame';
import { MUTED, seriesColour } from './palette';
import { extent } from './scale';

/** Equal-width bins over the values' range, as many as Sturges' rule says (numpy's 'sturges'). */
export function histogramBins(values: readonly number[]) {
  const finite = values.filter(Number.isFinite);
  const k = Math.max(1, Math.ceil(Math.log2(Math.max(1, finite.length)) + 1));
  const [lo, hi] = extent(finite);
  const width = (hi - lo) / k;
  const counts = new Array<number>(k).fill(0);
  for (const v of finite) {
    const b = Math.min(k - 1, Math.floor((v - lo) / width));
    counts[b] = (counts[b] as number) + 1;
  }
  return counts.map((count, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, count }));
}

/** A histogram (residuals), with a dashed reference line (zero) when it is in range. */
export function Histogram({
  values,
  title,
  xLabel,
  reference,
  testId,
}: {
  values: readonly number[];
  title: string;
  xLabel: string;
  reference?: number;
  testId?: string;
}) {
  const bins = histogramBins(values);
  const first = bins[0];
  const last = bins.at(-1);
  if (!first || !last || values.length === 0) return <p className="muted">No values.</p>;
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
