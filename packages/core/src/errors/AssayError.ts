/** Machine-readable kind of an {@link AssayError}. */
export type AssayErrorCode = 'invalid_input' | 'unknown_metric' | 'limit_exceeded';

/** One problem found in a call: where (`path`, e.g. `['input', 'yPred']`) and what. */
export interface AssayIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Base class of every error the core throws on purpose. `code` says what kind of problem it is
 * (the API maps it to an HTTP status); `issues` lists each problem with its path.
 */
export class AssayError extends Error {
  readonly code: AssayErrorCode;
  readonly issues: AssayIssue[];

  constructor(code: AssayErrorCode, message: string, issues: AssayIssue[] = []) {
    super(message);
    this.name = 'AssayError';
    this.code = code;
    this.issues = issues;
  }
}

/**
 * The input or the params of a call are wrong: wrong type or shape (from the zod schemas) or a
 * semantic rule (lengths differ, empty input, unknown label…). The message says what is wrong and
 * what was expected, e.g. `yTrue has 10 labels but yPred has 9`.
 */
export class InvalidInputError extends AssayError {
  constructor(message: string, issues?: AssayIssue[]) {
    super('invalid_input', message, issues ?? [{ path: [], message }]);
    this.name = 'InvalidInputError';
  }
}

/** No metric of that name is registered; the message lists the known names. */
export class UnknownMetricError extends AssayError {
  readonly metric: string;

  constructor(metric: string, knownNames: readonly string[]) {
    const message = `unknown metric '${metric}'; known metrics: ${knownNames.join(', ')}`;
    super('unknown_metric', message, [{ path: ['name'], message }]);
    this.name = 'UnknownMetricError';
    this.metric = metric;
  }
}

/**
 * The input is well formed but larger than a configured bound allows (tokens per segment for a
 * quadratic text metric, features for exact SHAP, cells or decompressed bytes of a dataset). Thrown
 * before the work starts; `bound` names the limit (a {@link ComputeLimits} field), `limit` is its
 * value and `actual` what the input asked for.
 */
export class LimitExceededError extends AssayError {
  readonly bound: string;
  readonly limit: number;
  readonly actual: number;

  constructor(
    bound: string,
    limit: number,
    actual: number,
    message: string,
    path: (string | number)[] = [],
  ) {
    super('limit_exceeded', message, [{ path, message }]);
    this.name = 'LimitExceededError';
    this.bound = bound;
    this.limit = limit;
    this.actual = actual;
  }
}
