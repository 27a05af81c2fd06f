import type { Page, PageRequest } from '../common.js';
import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { resolvePage, toPage } from '../pagination.js';
import { requireProject } from '../projects/require-project.js';
import { toModelVersion } from '../versions/version.mappers.js';
import { toRegisteredModel } from './model.mappers.js';
import type { RegisteredModelWithVersions } from './model.types.js';

/** A project's models in name order, each with all its versions (newest first). */
export async function list(
  ctx: RegistryContext,
  projectId: string,
  page?: PageRequest,
): Promise<Page<RegisteredModelWithVersions>> {
  const { limit, after } = resolvePage<string>(page, 'models', 'string');
  const rows = await withDbErrors(async () => {
    await requireProject(ctx.db, projectId);
    return ctx.db.registeredModel.findMany({
      where: after === undefined ? { projectId } : { projectId, name: { gt: after } },
      orderBy: { name: 'asc' },
      take: limit + 1,
      include: { versions: { orderBy: { number: 'desc' } } },
    });
  });
  return toPage(
    rows,
    limit,
    'models',
    (row) => row.name,
    (row) => ({
      ...toRegisteredModel(row),
      versions: row.versions.map((version) => toModelVersion(version, row)),
    }),
  );
}
