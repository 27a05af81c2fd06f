// The functions behind `registry.turingStudies`, one per file: each exports its function under the
// method's name (`createRegistry` binds every function of this module that takes the context first).
export * from './add-turing-items.js';
export * from './authenticate-turing-judge.js';
export * from './create-turing-study.js';
export * from './get-turing-study.js';
export * from './invite-turing-judge.js';
export * from './list-turing-items.js';
export * from './list-turing-judges.js';
export * from './list-turing-studies.js';
export * from './next-turing-item.js';
export * from './revoke-turing-judge.js';
export * from './set-turing-study-status.js';
export * from './submit-turing-judgement.js';
export * from './turing-report-data.js';
