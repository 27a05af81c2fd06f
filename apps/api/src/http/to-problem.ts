import { randomUUID } from 'node:crypto';
import { AssayError, RemoteModelError } from '@assay/core';
import { RegistryError } from '@assay/registry';
import { HttpException } from '@nestjs/common';
import { ZodError } from 'zod';
import { type ProblemDetails, ProblemError, problem } from './problem.js';
import { scrubProblem } from './scrub.js';

const REGISTRY_STATUS: Record<RegistryError['code'], [number, string]> = {
  not_found: [404, 'not-found'],
  conflict: [409, 'conflict'],
  invalid: [400, 'invalid-request'],
  integrity: [500, 'integrity'],
  unavailable: [503, 'unavailable'],
};

/** Errors of the HTTP layer below Nest (Fastify's, http-errors) carry an HTTP status. */
interface HttpLayerError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message: string;
}

export function zodIssuesToErrors(error: ZodError, prefix: string) {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
}

/**
 * The one mapping from anything thrown to a problem document. Unexpected errors become a 500
 * with an id that is also logged, and never leak their message; no detail carries a server path
 * or a process id (`scrubProblem`).
 */
export function toProblem(err: unknown): {
  problem: ProblemDetails;
  headers?: Record<string, string>;
  unexpected?: unknown;
} {
  const mapped = mapError(err);
  return { ...mapped, problem: scrubProblem(mapped.problem) };
}

function mapError(err: unknown): {
  problem: ProblemDetails;
  headers?: Record<string, string>;
  unexpected?: unknown;
} {
  if (err instanceof ProblemError) return { problem: err.problem, headers: err.headers };
  if (err instanceof ZodError) {
    const errors = zodIssuesToErrors(err, '');
    return {
      problem: problem(
        400,
        'invalid-request',
        errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '),
        { errors },
      ),
    };
  }
  if (err instanceof AssayError) {
    // A bound of the input (LimitExceededError): well-formed but more than the server computes.
    const [status, slug] =
      err.code === 'unknown_metric'
        ? [404, 'unknown-metric']
        : err.code === 'limit_exceeded'
          ? [422, 'limit-exceeded']
          : [400, 'invalid-input'];
    const errors = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return { problem: problem(status, slug, err.message, errors.length ? { errors } : {}) };
  }
  if (err instanceof RemoteModelError) {
    // The model is served elsewhere and failed or timed out: a gateway error, not ours.
    return { problem: problem(502, 'remote-model', err.message) };
  }
  if (err instanceof RegistryError) {
    const [status, slug] = REGISTRY_STATUS[err.code];
    if (status >= 500) {
      const errorId = randomUUID();
      return {
        problem: problem(status, slug, `${err.message} (error id ${errorId})`, { errorId }),
        unexpected: err,
      };
    }
    return { problem: problem(status, slug, err.message) };
  }
  // Fastify refuses an oversized body before any handler runs; Nest wraps its error.
  const cause = err instanceof HttpException ? err.cause : err;
  if ((cause as { code?: unknown } | undefined)?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      problem: problem(413, 'too-large', 'The request body is larger than this server accepts'),
    };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const res = err.getResponse();
    const detail =
      typeof res === 'string'
        ? res
        : typeof res === 'object' && res && 'message' in res
          ? String((res as { message: unknown }).message)
          : err.message;
    return { problem: problem(status, status === 404 ? 'not-found' : 'http-error', detail) };
  }
  const httpErr = err as HttpLayerError | undefined;
  const status = httpErr?.status ?? httpErr?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const slug =
      httpErr?.type === 'entity.parse.failed'
        ? 'malformed-json'
        : httpErr?.type === 'entity.too.large'
          ? 'too-large'
          : 'bad-request';
    const detail =
      httpErr?.type === 'entity.parse.failed'
        ? `The request body is not valid JSON: ${httpErr.message}`
        : httpErr?.type === 'entity.too.large'
          ? 'The request body is larger than this server accepts'
          : (httpErr?.message ?? 'Bad request');
    return { problem: problem(status, slug, detail) };
  }
  const errorId = randomUUID();
  return {
    problem: problem(
      500,
      'internal',
      `An unexpected error occurred; quote error id ${errorId} when reporting it`,
      { errorId },
    ),
    unexpected: err,
  };
}
