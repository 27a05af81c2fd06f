import { parentPort } from 'node:worker_threads';
import {
  AssayError,
  createSpecModel,
  datasetFingerprint,
  evaluateModel,
  explain,
  isModel,
  loadModelArtifact,
  type Model,
  RemoteModelError,
  readDataset,
} from '@assay/core';
import { createOutbound, modelLoadContext } from '../../outbound/outbound.js';
import type { ComputeMessage, ComputeTask, ModelBytes, SerializedError } from './protocol.js';

// The compute thread of a job: the core's CPU-bound work, away from the event loop that serves
// requests and renews job leases. It gets one task, posts progress, then its result or error.

const post = (message: ComputeMessage) => parentPort?.postMessage(message);

async function run(task: ComputeTask): Promise<unknown> {
  if (task.kind === 'evaluation') {
    const model = await loadModel(task.model);
    const table = await readDataset(task.dataset.bytes, { format: task.dataset.format });
    const report = await evaluateModel({
      model,
      table,
      ...task.spec,
      onProgress: ({ fraction, message }) => post({ type: 'progress', fraction, message }),
    });
    return { report, fingerprint: datasetFingerprint(task.dataset.bytes, table) };
  }
  let model: Model | undefined;
  let input = task.input as Record<string, unknown> | undefined;
  if (task.model !== undefined) {
    model = await loadModel(task.model);
  } else if (input !== null && typeof input === 'object' && input.model !== undefined) {
    // An inline spec becomes a model here only to be watched; a bad one is left to the core's
    // validation, whose message names the field.
    try {
      model = isModel(input.model) ? input.model : createSpecModel(input.model as never);
    } catch {
      model = undefined;
    }
  }
  if (model !== undefined) input = { ...(input ?? {}), model: watched(model) };
  const explanation = await explain(task.method, input, task.params ?? {});
  return JSON.parse(JSON.stringify(explanation));
}

/** A registered version's model; a remote one's requests go through the outbound policy. */
function loadModel(model: ModelBytes): Promise<Model> {
  return loadModelArtifact(
    model.format,
    model.bytes,
    model.options,
    modelLoadContext(createOutbound(model.remoteAllowedHosts)),
  );
}

/**
 * The model, reporting the rows it has predicted: explainers do not know their total work in
 * advance, so progress is a count (fraction 0 until the end).
 */
function watched(model: Model): Model {
  let rows = 0;
  let calls = 0;
  const wrapper = Object.create(model) as Model;
  wrapper.predict = async (batch) => {
    rows += batch.rows;
    calls += 1;
    post({
      type: 'progress',
      fraction: 0,
      message: `${calls} predict calls, ${rows} rows predicted`,
    });
    return model.predict(batch);
  };
  return wrapper;
}

function serialize(error: unknown): SerializedError {
  if (error instanceof AssayError) {
    return { name: error.name, message: error.message, code: error.code, issues: error.issues };
  }
  if (error instanceof RemoteModelError) {
    return {
      name: error.name,
      message: error.message,
      url: error.url,
      ...(error.status === undefined ? {} : { status: error.status }),
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.stack ?? e.message };
}

parentPort?.once('message', (task: ComputeTask) => {
  run(task).then(
    (result) => post({ type: 'done', result }),
    (error: unknown) => post({ type: 'error', error: serialize(error) }),
  );
});
