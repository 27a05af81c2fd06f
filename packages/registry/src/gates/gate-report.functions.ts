// The functions behind `registry.gateReports`, one per file: each exports its function under the
// method's name (`createRegistry` binds every function of this module that takes the context first).
export * from './create-gate-report.js';
export * from './get-gate-report.js';
export * from './list-gate-reports.js';
