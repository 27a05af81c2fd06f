// The functions behind `registry.gatePolicies`, one per file: each exports its function under the
// method's name (`createRegistry` binds every function of this module that takes the context first).
export * from './get-gate-policy.js';
export * from './list-gate-policies.js';
export { put } from './put-gate-policy.js';
