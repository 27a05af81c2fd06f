import type { ProblemDetails } from './problem.js';

// An absolute file path (two segments or more) after a boundary, unless it is one of our own
// routes (`/v1/...`) or the rest of an http(s) URL (a remote model's own address, which its
// project registered), e.g. `open '/srv/assay/.assay-data/artifacts/ab/cd'` or `file:///tmp/x`.
const POSIX_PATH = /(?<!https?)(^|[\s'"`(=:,[])\/(?!v1\/)[^\s'"`),\]]*\/[^\s'"`),\]]*/g;
const WINDOWS_PATH = /\b[A-Za-z]:\\[^\s'"`),\]]*/g;
// `pid 1234`, `process 1234`, `pid=1234`, and worker names that embed one (`api:1234:ab12cd34`).
const PID = /\b(pid|process)(\s*[:=#]?\s*)\d+/gi;
const WORKER_PID = /\b(api|worker):\d+:/g;

/**
 * A message as a client may see it: absolute server paths become `<path>` and process ids
 * `<pid>`. Problem details quote errors of libraries (file system, database, model runtimes),
 * whose messages say where and in which process something failed; the log keeps the original.
 */
export function scrubMessage(message: string): string {
  return message
    .replace(POSIX_PATH, '$1<path>')
    .replace(WINDOWS_PATH, '<path>')
    .replace(PID, '$1$2<pid>')
    .replace(WORKER_PID, '$1:<pid>:');
}

/** The problem with its detail and each error message scrubbed (`scrubMessage`). */
export function scrubProblem(problem: ProblemDetails): ProblemDetails {
  return {
    ...problem,
    detail: scrubMessage(problem.detail),
    ...(problem.errors
      ? { errors: problem.errors.map((e) => ({ ...e, message: scrubMessage(e.message) })) }
      : {}),
  };
}
