import type { Registry } from '@assay/registry';
import { notFound } from '../http/problem.js';
import type { JobHandler } from '../jobs/job-handler.js';
import { ModelCache } from '../versions/model-cache.js';
import { ZGateJobInputSchema } from './gates.contract.js';
import { runGate } from './run-gate.js';

/**
 * A gate job: the same gate run as the request path, under the policy version current when it was
 * queued. The report (with its evaluation and comparison) is stored once per job; the job's
 * result names it.
 */
export const runGateJob: JobHandler = async ({ registry, compute }, job, tools) => {
  const input = ZGateJobInputSchema.parse(job.input);
  const project = await registry.projects.getById(job.projectId);
  if (!project) throw notFound(`Project ${job.projectId}`);
  const policy = await registry.gatePolicies.get(
    project.id,
    input.model,
    input.alias,
    input.policyVersion,
  );
  if (!policy)
    throw notFound(`Gate policy version ${input.policyVersion} of alias '${input.alias}'`);
  await tools.progress({ fraction: 0, message: 'running the gate' });
  const report = await runGate(
    { registry: registry as Registry, models: new ModelCache(2), compute },
    project,
    policy,
    input.version,
    {
      actor: job.createdBy,
      signal: tools.signal,
      job: true,
      jobId: job.id,
      ...(input.shadowTestId ? { shadowTestId: input.shadowTestId } : {}),
      ...(input.abTestId ? { abTestId: input.abTestId } : {}),
      onProgress: tools.progress,
    },
  );
  return { result: { gateReportId: report.id, passed: report.passed } };
};
