/** A point of a series to draw: x increasing. */
export interface SeriesPoint {
  x: number;
  y: number;
}

/**
 * Largest-Triangle-Three-Buckets downsampling: keeps the first and last points and, from each of
 * `threshold − 2` equal buckets of the points between, the one that makes the largest triangle
 * with the point kept from the previous bucket and the mean of the next bucket. A long series
 * (100,000 steps) keeps its shape (peaks, dips) in the few hundred points a chart can show.
 *
 * Reference: S. Steinarsson, "Downsampling Time Series for Visual Representation" (MSc thesis,
 * University of Iceland, 2013), algorithm 4.2; bucket bounds as in his reference implementation
 * (github.com/sveinn-steinarsson/flot-downsample): bucket i spans
 * ⌊(i)·every⌋+1 … ⌊(i+1)·every⌋+1 with every = (n − 2)/(threshold − 2).
 *
 * Points are taken in the order given (x increasing, as a run's steps are) and returned as the
 * same objects (extra fields kept). A threshold below 3, or at least the series' length, returns
 * the series unchanged (a copy).
 */
export function lttb<P extends SeriesPoint>(points: readonly P[], threshold: number): P[] {
  const n = points.length;
  if (!Number.isFinite(threshold) || threshold < 3 || threshold >= n) return points.slice();
  const buckets = Math.floor(threshold) - 2;
  const every = (n - 2) / buckets;
  const out: P[] = [points[0] as P];
  let a = 0;
  for (let i = 0; i < buckets; i++) {
    // The mean of the next bucket (the last point for the last bucket).
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    const span = nextEnd - nextStart;
    if (span > 0) {
      for (let j = nextStart; j < nextEnd; j++) {
        avgX += (points[j] as SeriesPoint).x;
        avgY += (points[j] as SeriesPoint).y;
      }
      avgX /= span;
      avgY /= span;
    } else {
      avgX = (points[n - 1] as SeriesPoint).x;
      avgY = (points[n - 1] as SeriesPoint).y;
    }
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const pa = points[a] as SeriesPoint;
    let best = -1;
    let chosen = start;
    for (let j = start; j < end; j++) {
      const p = points[j] as SeriesPoint;
      const area = Math.abs((pa.x - avgX) * (p.y - pa.y) - (pa.x - p.x) * (avgY - pa.y));
      if (area > best) {
        best = area;
        chosen = j;
      }
    }
    out.push(points[chosen] as P);
    a = chosen;
  }
  out.push(points[n - 1] as P);
  return out;
}
