import { runAutoMlJob } from './automl-runs/automl-job.js';
import { runAutoMlTrialJob } from './automl-runs/automl-trial-job.js';
import { runComparisonJob } from './comparisons/comparison-job.js';
import { runEvaluationJob } from './evaluations/evaluation-job.js';
import { runEvaluationShardJob } from './evaluations/evaluation-shard-job.js';
import { runTextEvaluationJob } from './evaluations/text-evaluation-job.js';
import { runExplanationJob } from './explanations/explanation-job.js';
import { runGateJob } from './gates/gate-job.js';
import type { JobHandlers } from './jobs/job-handler.js';

/**
 * The handler of each kind of job, beside its domain: the API process (`app.module.ts`) and the
 * workers (`worker.ts`) run jobs with this map. A new kind of job adds its line here.
 */
export const JOB_HANDLERS: JobHandlers = {
  evaluation: runEvaluationJob,
  explanation: runExplanationJob,
  comparison: runComparisonJob,
  gate: runGateJob,
  'evaluation-shard': runEvaluationShardJob,
  automl: runAutoMlJob,
  'automl-trial': runAutoMlTrialJob,
  'text-evaluation': runTextEvaluationJob,
};
