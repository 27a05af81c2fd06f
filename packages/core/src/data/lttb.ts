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

/**
 * LTTB that always keeps the series' lowest and highest points as well as its first and last:
 * LTTB (`lttb`) to `threshold − 2` points, then the lowest and the highest point of the whole
 * series (the first of equal ones, in the order given) added in place where LTTB left them out.
 * So at most `threshold` points, in the order given; plain LTTB keeps an extreme only when its
 * triangle wins its bucket, which a narrow spike next to a steeper slope can lose.
 *
 * A threshold below 5 (no room for four kept points) is plain `lttb`; a series no longer than
 * `threshold` is returned whole (a copy).
 */
export function lttbKeepingExtremes<P extends SeriesPoint>(
  points: readonly P[],
  threshold: number,
): P[] {
  const n = points.length;
  if (!Number.isFinite(threshold) || threshold < 5 || threshold >= n)
    return lttb(points, threshold);
  let lowest = 0;
  let highest = 0;
  for (let i = 1; i < n; i++) {
    const y = (points[i] as SeriesPoint).y;
    if (y < (points[lowest] as SeriesPoint).y) lowest = i;
    if (y > (points[highest] as SeriesPoint).y) highest = i;
  }
  const kept = lttb(points, Math.floor(threshold) - 2);
  const missing = [lowest, highest]
    .filter((i, k, all) => all.indexOf(i) === k && !kept.includes(points[i] as P))
    .sort((a, b) => a - b);
  if (missing.length === 0) return kept;
  // LTTB keeps points in the order given: place each missing extreme before the first kept point
  // that comes after it.
  const out: P[] = [];
  let m = 0;
  let k = 0;
  let next = 0; // index in `points` of kept[k], found by scanning forward
  while (k < kept.length || m < missing.length) {
    if (k < kept.length) {
      while (points[next] !== kept[k]) next++;
    }
    if (m < missing.length && (k >= kept.length || (missing[m] as number) < next)) {
      out.push(points[missing[m] as number] as P);
      m++;
    } else {
      out.push(kept[k] as P);
      k++;
    }
  }
  return out;
}
