// The functions behind `registry.shadowTests`, one per file: each exports its function under the
// method's name (`createRegistry` binds every function of this module that takes the context first).
export * from './get-shadow-test.js';
export * from './list-running-shadow-tests.js';
export * from './list-shadow-pairs.js';
export * from './list-shadow-tests.js';
export * from './start-shadow-test.js';
export * from './stop-shadow-test.js';
