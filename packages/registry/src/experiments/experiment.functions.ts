// The functions behind `registry.experiments`, one per file: each exports its function under the method's
// name (`createRegistry` binds every function of this module that takes the context first).
export * from './create-experiment.js';
export * from './get-experiment.js';
export * from './list-experiments.js';
