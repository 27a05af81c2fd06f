export type { AssayErrorCode, AssayIssue } from './AssayError.js';
export {
  AssayError,
  InvalidInputError,
  LimitExceededError,
  UnknownMetricError,
} from './AssayError.js';
