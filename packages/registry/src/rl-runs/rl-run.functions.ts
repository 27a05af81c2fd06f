// The functions behind `registry.rlRuns`, one per file: each exports its function under the
// method's name (`createRegistry` binds every function of this module that takes the context first).
export * from './append-rl-rewards.js';
export * from './create-rl-run.js';
export * from './episode-returns.js';
export * from './get-rl-run.js';
export * from './list-rl-runs.js';
