// The functions behind `registry.evaluations`, one per file: each exports its function under the method's
// name (`createRegistry` binds every function of this module that takes the context first).
export * from './create-evaluation.js';
export * from './get-evaluation.js';
export * from './list-evaluations.js';
