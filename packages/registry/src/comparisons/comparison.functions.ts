// The functions behind `registry.comparisons`, one per file: each exports its function under the
// method's name (`createRegistry` binds every function of this module that takes the context first).
export * from './create-comparison.js';
export * from './get-comparison.js';
export * from './list-comparisons.js';
