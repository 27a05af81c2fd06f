// The functions behind `registry.models`, one per file: each exports its function under the method's
// name (`createRegistry` binds every function of this module that takes the context first).
export * from './get-model.js';
export * from './list-models.js';
export * from './register-model.js';
