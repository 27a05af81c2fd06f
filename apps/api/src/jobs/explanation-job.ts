import { ZExplanationJobInputSchema } from '../explanations/explanations.contract.js';
import { runExplanation } from '../explanations/run-explanation.js';
import { notFound } from '../http/problem.js';
import type { JobHandler } from './job-handler.js';

/**
 * An explanation job. The explainers do not know their total work in advance, so progress is the
 * count of rows the model has predicted (fraction 0 until the end); cancellation takes effect at
 * the next predict call.
 */
export const runExplanationJob: JobHandler = async ({ registry, models }, job, tools) => {
  const request = ZExplanationJobInputSchema.parse(job.input);
  const project = await registry.projects.getById(job.projectId);
  if (!project) throw notFound(`Project ${job.projectId}`);
  let rows = 0;
  let calls = 0;
  const explanation = await runExplanation({ registry, models }, project, request, async (n) => {
    rows += n;
    calls += 1;
    await tools.progress({
      fraction: 0,
      message: `${calls} predict calls, ${rows} rows predicted`,
    });
  });
  return { result: JSON.parse(JSON.stringify(explanation)) };
};
