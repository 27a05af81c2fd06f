// The functions behind `registry.abTests`, one per file: each exports its function under the
// method's name (`createRegistry` binds every function of this module that takes the context first).
export * from './aggregate-ab-test.js';
export * from './append-ab-events.js';
export * from './assign-units.js';
export * from './create-ab-test.js';
export * from './get-ab-test.js';
export * from './list-ab-tests.js';
export * from './stop-ab-test.js';
export * from './update-ab-test.js';
