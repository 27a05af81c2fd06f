// The functions behind `registry.versions`, one per file: each exports its function under the method's
// name (`createRegistry` binds every function of this module that takes the context first).
export * from './create-version.js';
export * from './get-version.js';
export * from './list-versions.js';
export * from './read-version-artifact.js';
