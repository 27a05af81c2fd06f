import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryError } from '../errors.js';

/**
 * An exclusive lock on an embedded data directory: PGlite is a single-process database, and two
 * processes writing the same directory would corrupt it. The lock file holds the owner's pid; a
 * lock whose process is gone (after a crash) is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = join(dataDir, 'registry.lock');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(lockPath, 'wx', 0o644);
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new RegistryError(
        'unavailable',
        `The embedded database in ${dataDir} is already open in process ${owner}${
          owner === process.pid ? ' (this process)' : ''
        }. Close it first, or use PostgreSQL (databaseUrl) to share a registry between processes.`,
      );
    }
    await rm(lockPath, { force: true });
  }
  throw new RegistryError('unavailable', `Could not lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
