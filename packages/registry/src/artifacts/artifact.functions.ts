// The functions behind `registry.artifacts`, one per file: each exports its function under the method's
// name (`createRegistry` binds every function of this module that takes the context first).
export * from './gc-artifacts.js';
