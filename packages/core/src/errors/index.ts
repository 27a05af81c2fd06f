export type { AssayErrorCode, AssayIssue } from './AssayError.js';
export { AssayError, InvalidInputError, UnknownMetricError } from './AssayError.js';
