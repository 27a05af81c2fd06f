// The functions behind `registry.jobs`, one per file: each exports its function under the method's
// name (`createRegistry` binds every function of this module that takes the context first).
export * from './cancel-job.js';
export * from './claim-job.js';
export * from './complete-job.js';
export * from './count-jobs.js';
export * from './create-job.js';
export * from './fail-job.js';
export * from './get-job.js';
export * from './heartbeat-job.js';
export * from './list-jobs.js';
export * from './list-stranded-jobs.js';
export * from './mark-job-cancelled.js';
