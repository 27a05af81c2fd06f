import { parentPort, workerData } from 'node:worker_threads';
import { createOutbound, modelLoadContext } from '../../outbound/outbound.js';
import type { ComputeMessage, ComputeRequest, ComputeThreadData } from './protocol.js';
import { createTaskContext, runTask, serializeError } from './run-task.js';

// A compute thread of the pool: the core's CPU-bound work, away from the event loop that serves
// requests and renews job leases. It runs one task at a time (the pool sends the next when it
// answers) and keeps its loaded models between tasks.

const post = (message: ComputeMessage) => parentPort?.postMessage(message);
const data = workerData as ComputeThreadData;
let current = 0;
const context = createTaskContext(
  data.limits,
  data.modelCacheSize,
  (fraction, message) => post({ id: current, type: 'progress', fraction, message }),
  // The thread's own policy (system DNS): remote models' requests go through it.
  modelLoadContext(createOutbound(data.remoteAllowedHosts, undefined, data.remoteMaxResponseBytes)),
);

parentPort?.on('message', ({ id, task }: ComputeRequest) => {
  current = id;
  runTask(task, context).then(
    (result) => post({ id, type: 'done', result }),
    (error: unknown) => post({ id, type: 'error', error: serializeError(error) }),
  );
});
