// The functions behind `registry.datasets`, one per file: each exports its function under the method's
// name (`createRegistry` binds every function of this module that takes the context first).
export * from './create-dataset.js';
export * from './get-dataset.js';
export * from './list-datasets.js';
export * from './read-dataset.js';
