// The functions behind `registry.apiKeys`, one per file: each exports its function under the method's
// name (`createRegistry` binds every function of this module that takes the context first).
export * from './authenticate-api-key.js';
export * from './count-api-keys.js';
export * from './create-api-key.js';
export * from './list-api-keys.js';
export * from './revoke-api-key.js';
