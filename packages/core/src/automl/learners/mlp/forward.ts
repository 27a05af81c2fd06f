/** One dense layer: `kernel` is `inputs × units` row-major (TensorFlow.js's layout), then the bias. */
export interface DenseWeights {
  readonly inputs: number;
  readonly units: number;
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

/**
 * The MLP's forward pass in plain TypeScript on its trained (float32) weights, accumulated in
 * float64: ReLU hidden layers, a linear last layer. Prediction needs no TensorFlow.js runtime and
 * is synchronous, so a fitted and a revived model predict the same bits.
 *
 * `x` is row-major and already standardized; returns `rows × units` of the last layer (logits or
 * the scaled value).
 */
export function forward(
  layers: readonly DenseWeights[],
  x: Float64Array,
  rows: number,
): Float64Array {
  let input = x;
  for (let l = 0; l < layers.length; l++) {
    const { inputs, units, kernel, bias } = layers[l] as DenseWeights;
    const out = new Float64Array(rows * units);
    const relu = l < layers.length - 1;
    for (let i = 0; i < rows; i++) {
      const o = i * units;
      for (let u = 0; u < units; u++) out[o + u] = bias[u] as number;
      const ib = i * inputs;
      for (let j = 0; j < inputs; j++) {
        const v = input[ib + j] as number;
        if (v === 0) continue;
        const kb = j * units;
        for (let u = 0; u < units; u++)
          out[o + u] = (out[o + u] as number) + v * (kernel[kb + u] as number);
      }
      if (relu) for (let u = 0; u < units; u++) if ((out[o + u] as number) < 0) out[o + u] = 0;
    }
    input = out;
  }
  return input;
}
