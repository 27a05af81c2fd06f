import type * as TF from '@tensorflow/tfjs';

/** The TensorFlow.js the core runs on, and which backend it selected. */
export interface TensorFlowRuntime {
  tf: typeof TF;
  /** `tensorflow` for the native binding, `cpu` for the pure-JS backend. */
  backend: string;
  /** True when `@tensorflow/tfjs-node` was found and loaded. */
  native: boolean;
}

// Not a dependency: a deployment opts in by installing it (its install downloads libtensorflow,
// which these machines cannot). The specifier is held in a variable so bundlers and tsc leave it be.
const NATIVE_PACKAGE = '@tensorflow/tfjs-node';

let loading: Promise<TensorFlowRuntime> | undefined;

/**
 * Loads TensorFlow.js once: the native backend from `@tensorflow/tfjs-node` when the deployment
 * has it installed (same API, much faster), else `@tensorflow/tfjs` on its pure-JS cpu backend.
 */
export function loadTensorFlow(): Promise<TensorFlowRuntime> {
  loading ??= (async () => {
    try {
      const tf = (await import(NATIVE_PACKAGE)) as typeof TF;
      await tf.ready();
      return { tf, backend: tf.getBackend(), native: true };
    } catch (err) {
      if (!isModuleNotFound(err)) throw err;
    }
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    await tf.ready();
    return { tf, backend: tf.getBackend(), native: false };
  })();
  return loading;
}

/** The backend name, for health and info endpoints. */
export async function tensorflowBackendName(): Promise<string> {
  return (await loadTensorFlow()).backend;
}

function isModuleNotFound(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
