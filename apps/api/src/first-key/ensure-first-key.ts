import type { Registry } from '@assay/registry';

/**
 * On a database with no API key at all, creates the bootstrap project and an admin key for it
 * (the given `adminKey`, else a generated one), and returns the key's plaintext so start-up can
 * print it once. Returns null otherwise.
 */
export async function ensureFirstKey(
  registry: Registry,
  projectName: string,
  adminKey?: string,
): Promise<{ project: string; key: string; supplied: boolean } | null> {
  if ((await registry.apiKeys.count()) > 0) return null;
  const project =
    (await registry.projects.getByName(projectName)) ??
    (await registry.projects.create(
      { name: projectName, description: 'Created on first start' },
      'bootstrap',
    ));
  const { key } = await registry.apiKeys.create(
    {
      projectId: project.id,
      role: 'admin',
      name: 'bootstrap admin key',
      ...(adminKey ? { key: adminKey } : {}),
    },
    'bootstrap',
  );
  return { project: project.name, key, supplied: adminKey !== undefined };
}
