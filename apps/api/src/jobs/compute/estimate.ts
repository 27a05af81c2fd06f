/**
 * Cheap estimates of a request's cost, read from its shape before any work: whether a metric is
 * small enough for the event loop, and whether a synchronous evaluation or explanation should
 * become a job. They are estimates (an order of magnitude), not bounds: the core's limits and the
 * pool's memory and time limits are the bounds.
 */

/** Array elements (nested arrays counted through) plus string characters / 8, at most 4 deep. */
export function inputSize(value: unknown, depth = 0): number {
  if (typeof value === 'string') return 1 + value.length / 8;
  if (value === null || typeof value !== 'object' || depth > 4) return 1;
  if (ArrayBuffer.isView(value)) return (value as unknown as { length: number }).length ?? 1;
  if (Array.isArray(value)) {
    const first = value[0];
    // A flat array of numbers or short labels: its length (no walk over every element).
    if (typeof first === 'number' || typeof first === 'boolean') return value.length;
    let n = 0;
    for (const item of value) n += inputSize(item, depth + 1);
    return n;
  }
  let n = 0;
  for (const item of Object.values(value)) n += inputSize(item, depth + 1);
  return n;
}

/** A metric call's work: its input's size, times the resamples a bootstrap asks for. */
export function metricWork(input: unknown, params: unknown): number {
  const resamples =
    params !== null && typeof params === 'object'
      ? (params as { nResamples?: unknown }).nResamples
      : undefined;
  return inputSize(input) * (typeof resamples === 'number' && resamples > 1 ? resamples : 1);
}

/**
 * A prediction's work with a JSON-spec model: rows × the spec's size / 8 (about one multiply-add
 * per 8 bytes of JSON weights). Other formats (ONNX, TF.js) are not estimated: Infinity.
 */
export function predictionWork(rows: number, model: { format: string; sizeBytes: number }): number {
  return model.format === 'json' ? rows * Math.ceil(model.sizeBytes / 8) : Number.POSITIVE_INFINITY;
}

/** Rows × resamples × metrics of a batch test (rows alone without intervals). */
export function evaluationWork(
  rows: number,
  spec: { metrics: readonly unknown[]; confidence?: { nResamples?: number } | undefined },
): number {
  if (spec.confidence === undefined) return rows;
  return rows * (spec.confidence.nResamples ?? 1000) * Math.max(1, spec.metrics.length);
}

function rowsOf(matrix: unknown): { rows: number; cols: number } {
  if (Array.isArray(matrix)) {
    const first = matrix[0];
    return { rows: matrix.length, cols: Array.isArray(first) ? first.length : 1 };
  }
  if (matrix !== null && typeof matrix === 'object') {
    const ref = matrix as {
      rows?: unknown;
      cols?: unknown;
      columns?: unknown;
      data?: unknown;
    };
    // A dataset slice with a row range, or a typed matrix { rows, cols, data }.
    const range = ref.rows as { start?: number; end?: number } | number | undefined;
    const rows =
      typeof range === 'number'
        ? range
        : range && typeof range.end === 'number'
          ? range.end - (range.start ?? 0)
          : 0;
    const cols = Array.isArray(ref.columns)
      ? ref.columns.length
      : typeof ref.cols === 'number'
        ? ref.cols
        : 1;
    return { rows, cols };
  }
  return { rows: 0, cols: 0 };
}

/**
 * Rows an explainer will ask the model to predict: SHAP's coalitions × background × instances
 * (exact: 2^M, kernel: nSamples, permutation: maxEvals), permutation importance's rows × features
 * × repeats, a surrogate's rows. Slices without a row range count 0 (their size is not known
 * before they are read).
 */
export function explanationWork(method: string, input: unknown, params: unknown): number {
  const i = (input ?? {}) as Record<string, unknown>;
  const p = (params ?? {}) as Record<string, unknown>;
  if (method === 'shap') {
    const bg = rowsOf(i.background);
    const inst = rowsOf(i.instances);
    const m = Math.max(bg.cols, inst.cols);
    const asked = typeof p.method === 'string' ? p.method : 'auto';
    const algorithm = asked === 'auto' ? (m <= 10 ? 'exact' : 'permutation') : asked;
    const perInstance =
      algorithm === 'exact'
        ? 2 ** Math.min(m, 40)
        : algorithm === 'kernel'
          ? typeof p.nSamples === 'number'
            ? p.nSamples
            : 2 * m + 2048
          : typeof p.maxEvals === 'number'
            ? p.maxEvals
            : 500;
    return perInstance * Math.max(1, bg.rows) * inst.rows;
  }
  const x = rowsOf(i.x ?? i.X ?? i.data ?? i.features);
  if (method === 'permutationImportance') {
    const repeats = typeof p.nRepeats === 'number' ? p.nRepeats : 5;
    return x.rows * Math.max(1, x.cols) * repeats;
  }
  return x.rows;
}
