// The functions behind `registry.predictionLogs`, one per file: each exports its function under
// the method's name (`createRegistry` binds every function of this module that takes the context
// first).
export * from './add-labels.js';
export * from './append-predictions.js';
export * from './get-log-policy.js';
export * from './list-prediction-log.js';
export * from './set-log-policy.js';
