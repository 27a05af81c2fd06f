import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { goldenDir, repoRoot } from './support/paths.js';
import { type RunningApi, startApi } from './support/processes.js';

const PYTHON = process.env.ASSAY_PYTHON ?? '/usr/bin/python3';

/** The Python client's own unittest suite, run with Debian's python3 against a live API. */
describe.each(BACKENDS)('Python client against the API on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;

  beforeAll(async () => {
    if (!existsSync(PYTHON)) {
      throw new Error(`No Python at ${PYTHON}: install Debian's python3 or set ASSAY_PYTHON`);
    }
    backend = await createBackend(backendName);
    // test_text_evaluations.py starts its fake text endpoints on loopback, which the outbound
    // policy refuses unless listed.
    api = await startApi({ ...backend.env, ASSAY_REMOTE_ALLOWED_HOSTS: '127.0.0.1' });
  });
  afterAll(async () => {
    await api?.stop();
    await backend?.dispose();
  });

  it('passes its unittest suite', () => {
    const clientDir = join(repoRoot, 'clients/python');
    const run = spawnSync(PYTHON, ['-m', 'unittest', 'discover', '-v', '-s', 'tests'], {
      cwd: clientDir,
      env: {
        ...process.env,
        PYTHONPATH: clientDir,
        ASSAY_URL: api.url,
        ASSAY_API_KEY: api.firstKey as string,
        ASSAY_GOLDEN_DIR: goldenDir,
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toMatch(/Ran [1-9]\d* tests/);
  });
});
