import type * as TF from '@tensorflow/tfjs';
import { loadTensorFlow } from '../../../runtime/tensorflow.js';

/**
 * The TensorFlow.js backend an MLP trains on: the native binding when the deployment has it
 * (`loadTensorFlow`), else WebAssembly (`@tensorflow/tfjs-backend-wasm`), which trained the
 * benchmark MLP about twice as fast as the pure-JS cpu backend here (bench/README.md, "AutoML MLP
 * backends"), else cpu. Backends are process-wide in TensorFlow.js: {@link withTrainingBackend}
 * switches for the fit and restores the previous one after, so models loaded elsewhere keep
 * theirs.
 */
export async function withTrainingBackend<T>(
  train: (tf: typeof TF, backend: string) => Promise<T>,
): Promise<T> {
  const runtime = await loadTensorFlow();
  const { tf } = runtime;
  if (runtime.native) return train(tf, runtime.backend);
  const previous = tf.getBackend();
  const backend = (await wasmAvailable(tf)) ? 'wasm' : previous;
  if (backend !== previous) await tf.setBackend(backend);
  try {
    return await train(tf, backend);
  } finally {
    if (backend !== previous) await tf.setBackend(previous);
  }
}

let wasm: Promise<boolean> | undefined;

function wasmAvailable(tf: typeof TF): Promise<boolean> {
  wasm ??= (async () => {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      const previous = tf.getBackend();
      const ok = await tf.setBackend('wasm');
      if (ok) await tf.setBackend(previous);
      return ok;
    } catch (err) {
      // The package is a dependency; a platform where its WebAssembly will not load trains on cpu.
      if (err instanceof Error) return false;
      throw err;
    }
  })();
  return wasm;
}
