// The functions behind `registry.autoMlRuns`, one per file: each exports its function under the
// method's name (`createRegistry` binds every function of this module that takes the context first).
export * from './create-automl-run.js';
export * from './get-automl-run.js';
export * from './list-automl-runs.js';
export * from './update-automl-run.js';
