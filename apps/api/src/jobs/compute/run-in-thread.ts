import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AssayError, type AssayErrorCode, RemoteModelError } from '@assay/core';
import type { ComputeMessage, ComputeResults, ComputeTask, SerializedError } from './protocol.js';

/**
 * The compiled compute thread. Tests run the API from its TypeScript sources, which Node 20
 * cannot load in a thread: they use the build next to them (`dist/`; turbo builds before tests).
 */
function workerUrl(): URL {
  const sibling = new URL('./compute-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL(sibling.href.replace('/src/jobs/compute/', '/dist/jobs/compute/'));
}

function revive(error: SerializedError): Error {
  if (error.code !== undefined) {
    return new AssayError(error.code as AssayErrorCode, error.message, error.issues ?? []);
  }
  if (error.name === 'RemoteModelError') {
    return new RemoteModelError(error.message, error.url ?? '', error.status);
  }
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}

/**
 * Runs a job's CPU-bound part in a worker thread: the event loop keeps serving requests and
 * heartbeats while it computes, and an abort (cancellation, a lost claim) stops it at once by
 * terminating the thread, rather than at the computation's next progress point.
 */
export function runInThread<K extends ComputeTask['kind']>(
  task: Extract<ComputeTask, { kind: K }>,
  options: {
    signal: AbortSignal;
    onProgress: (progress: { fraction: number; message: string }) => Promise<void>;
  },
): Promise<ComputeResults[K]> {
  const { signal, onProgress } = options;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl());
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => settle(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: ComputeMessage) => {
      if (message.type === 'progress') {
        // Heartbeats happen here; one that finds the job cancelled aborts the signal.
        onProgress({ fraction: message.fraction, message: message.message }).catch(() => {});
      } else if (message.type === 'done') {
        settle(() => resolve(message.result as ComputeResults[K]));
      } else {
        settle(() => reject(revive(message.error)));
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the compute thread exited with code ${code}`))),
    );
    worker.postMessage(task);
  });
}
