// The functions behind `registry.aliases`, one per file: each exports its function under the method's
// name (`createRegistry` binds every function of this module that takes the context first).
export * from './explain-alias.js';
export * from './get-alias.js';
export * from './list-alias-history.js';
export * from './list-aliases.js';
export * from './remove-alias.js';
export * from './resolve-alias-at.js';
export * from './set-alias.js';
