import type { GateRefusal } from '@assay/registry';

/**
 * RFC 9457 problem details: the one error body every route returns.
 * `type` is a stable URI per kind of problem so clients can branch on it.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** Each bad field with its path, for 400s. */
  errors?: { path: string; message: string }[];
  /** Correlates a 5xx with the server log line. */
  errorId?: string;
  /** A guarded alias move refused by its gate: the policy version and the failing checks. */
  gate?: GateRefusal;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function problem(
  status: number,
  slug: string,
  detail: string,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails {
  return {
    type: `https://assay.dev/problems/${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...extra,
  };
}

/** Thrown by use cases and guards; the filter renders it as-is. */
export class ProblemError extends Error {
  constructor(
    readonly problem: ProblemDetails,
    /** Response headers that go with the problem (e.g. `Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
    this.name = 'ProblemError';
  }
}

export const notFound = (what: string) =>
  new ProblemError(problem(404, 'not-found', `${what} was not found`));
