import { ApiProblem, type AssayClient, type Schemas, unwrap } from './api';
import {
  hasStructuredResults,
  readStructuredResults,
  type StructuredResults,
} from './structured-results';

/**
 * The full metric results: in the stored evaluation when it has them, else in the report of the
 * job that produced it (the one named in the link, or found among recent evaluation jobs).
 */
export async function structuredResultsOf(
  api: AssayClient,
  project: string,
  evaluation: Schemas['Evaluation'],
  jobHint: string | undefined,
): Promise<StructuredResults> {
  const own = readStructuredResults(evaluation.metrics);
  if (hasStructuredResults(own)) return own;
  // Stored beside the metrics as the report the POST answers (`report.metrics[].result`)?
  const stored = (evaluation as { report?: { metrics?: unknown } }).report?.metrics;
  if (Array.isArray(stored)) {
    const fromReport = readStructuredResults(stored);
    if (hasStructuredResults(fromReport)) return fromReport;
  }
  const reportOf = (job: Schemas['Job'] | undefined) => {
    if (!job || job.evaluationId !== evaluation.id) return null;
    const report = job.result?.report as { metrics?: unknown } | undefined;
    return Array.isArray(report?.metrics) ? readStructuredResults(report.metrics) : null;
  };
  try {
    if (jobHint) {
      const job = await unwrap(
        api.GET('/v1/projects/{project}/jobs/{job}', {
          params: { path: { project, job: jobHint } },
        }),
      );
      const found = reportOf(job);
      if (found) return found;
    }
    const jobs = await unwrap(
      api.GET('/v1/projects/{project}/jobs', {
        params: {
          path: { project },
          query: { kind: 'evaluation', status: 'succeeded', limit: 100 },
        },
      }),
    );
    return reportOf(jobs.items.find((j) => j.evaluationId === evaluation.id)) ?? own;
  } catch (err) {
    // A job that cannot be read only means no curves: the page still shows the metrics.
    if (err instanceof ApiProblem) return own;
    throw err;
  }
}
