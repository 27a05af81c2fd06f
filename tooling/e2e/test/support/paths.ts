import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest ancestor holding pnpm-workspace.yaml. */
export const repoRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('pnpm-workspace.yaml not found above the e2e tests');
    dir = up;
  }
  return dir;
})();

/** The reference cases, committed in `fixtures/golden`. */
export const goldenDir = process.env.ASSAY_GOLDEN_DIR ?? join(repoRoot, 'fixtures', 'golden');

/** The data sets, committed in `fixtures/datasets`. */
export const datasetsDir = process.env.ASSAY_DATASETS_DIR ?? join(repoRoot, 'fixtures', 'datasets');
