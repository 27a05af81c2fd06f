import type { Project, Registry } from '@assay/registry';
import type { ApiEnv } from '../env.js';
import { notFound, ProblemError, problem } from '../http/problem.js';
import type { Principal } from './principal.js';

/**
 * Platform-wide operations (creating projects, collecting unreferenced artifacts) belong to the
 * operators: admins of the bootstrap project (`ASSAY_BOOTSTRAP_PROJECT`). Call on routes that
 * already require the admin role; returns the operator's project.
 */
export async function requireOperator(
  registry: Registry,
  env: ApiEnv,
  who: Principal,
): Promise<Project> {
  const own = await registry.projects.getById(who.apiKey.projectId);
  if (!own) throw notFound('The project of this key');
  if (own.name !== env.ASSAY_BOOTSTRAP_PROJECT) {
    throw new ProblemError(
      problem(
        403,
        'forbidden',
        `Only admins of the '${env.ASSAY_BOOTSTRAP_PROJECT}' project operate the platform; this key is an admin of '${own.name}'`,
      ),
    );
  }
  return own;
}
