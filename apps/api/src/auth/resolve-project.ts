import type { Project, Registry } from '@assay/registry';
import { notFound } from '../http/problem.js';
import type { Principal } from './principal.js';

/**
 * The project named in a route, if the caller's key belongs to it. A key of another project
 * gets the same 404 as a project that does not exist, so names do not leak.
 */
export async function resolveProject(
  registry: Registry,
  principal: Principal,
  name: string,
): Promise<Project> {
  const project = await registry.projects.getByName(name);
  if (!project || project.id !== principal.apiKey.projectId) throw notFound(`Project '${name}'`);
  return project;
}
