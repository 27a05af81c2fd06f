// The functions behind `registry.projects`, one per file: each exports its function under the method's
// name (`createRegistry` binds every function of this module that takes the context first).
export * from './create-project.js';
export * from './get-project-by-id.js';
export * from './get-project-by-name.js';
export * from './list-projects.js';
