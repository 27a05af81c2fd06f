import { createHash, randomBytes } from 'node:crypto';
import { constants, existsSync, readFileSync } from 'node:fs';
import { access, cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readMigrations } from '../db/migrations.js';
import { openRegistry } from '../open-registry.js';

/**
 * Fresh embedded databases for test suites, copied instead of created.
 *
 * Creating an embedded database runs PGlite's initdb and every migration: seconds of CPU, and the
 * API and end-to-end suites open a fresh one per file (often per test). The first open in a run
 * makes a migrated database through {@link openRegistry} itself, keeps it under the system's
 * temporary folder, named by the hash of the PGlite version and of every migration, and every
 * later fresh database is a file copy of it. A copy is the same state a first open leaves (no
 * keys, no rows), so what a test sees does not change; a new migration or PGlite changes the name,
 * so a stale copy is never used.
 */

const READY = 'ready';

async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`pglite ${pgliteVersion()}\n`);
  const migrations = await readMigrations();
  for (const dir of migrations.migrationDirectories) {
    hash.update(`${dir.path}\n${dir.migrationFile.content.value}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** PGlite's version, from the package.json above its entry point (it exports no package.json). */
function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the version of @electric-sql/pglite');
    dir = parent;
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

let template: Promise<string> | undefined;

/**
 * The folder of a migrated, empty embedded database (its `pglite` subfolder), made once per
 * set of migrations. Safe when several test processes ask at once: each builds in a folder of
 * its own and the first to rename it into place wins.
 */
export function embeddedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = join(tmpdir(), `assay-pglite-template-${await templateKey()}`);
    if (await exists(join(dir, READY))) return dir;
    const building = `${dir}.${randomBytes(6).toString('hex')}`;
    await mkdir(building, { recursive: true });
    try {
      const registry = await openRegistry({ dataDir: building });
      await registry.close();
      await rm(join(building, 'artifacts'), { recursive: true, force: true });
      await writeFile(join(building, READY), '');
      await rename(building, dir).catch(async (error: NodeJS.ErrnoException) => {
        // Another process put its copy in place first; its copy is as good as ours.
        if (!(await exists(join(dir, READY)))) throw error;
      });
    } finally {
      await rm(building, { recursive: true, force: true });
    }
    return dir;
  })();
  return template;
}

/**
 * Puts a fresh migrated embedded database into `dataDir` (which must not hold one yet), so that
 * opening the registry there skips initdb and the migrations.
 */
export async function seedEmbeddedDataDir(dataDir: string): Promise<void> {
  const from = join(await embeddedTemplate(), 'pglite');
  const to = join(dataDir, 'pglite');
  if (await exists(to)) throw new Error(`${to} already holds a database`);
  // A copy-on-write clone where the file system has them, else a plain copy.
  await cp(from, to, { recursive: true, mode: constants.COPYFILE_FICLONE });
}
