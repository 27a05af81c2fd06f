/** Ranks 1..n with ties given their mid-rank (SciPy `rankdata(method='average')`). */
export function averageRanks(values: readonly number[]): {
  ranks: Float64Array;
  tieSizes: number[];
} {
  const n = values.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (values[a] as number) - (values[b] as number),
  );
  const ranks = new Float64Array(n);
  const tieSizes: number[] = [];
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end] as number] === values[order[start] as number]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k] as number] = rank;
    tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}
