import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from './support/backends.js';
import { datasetsDir, repoRoot } from './support/paths.js';
import { freePort, readJson, startApi } from './support/processes.js';

// The launcher (`npm start` ends in scripts/platform.mjs) under repeated signals: a terminal's
// Ctrl+C reaches the launcher and its children at once, and process managers repeat SIGTERM.
// Before, the launcher forwarded its own SIGTERM on top and the API died on the second signal,
// killing the running job and leaving the embedded database's lock behind.

const KEY = `assay_${'s'.repeat(40)}`;
const MODEL = {
  type: 'linear',
  coef: [
    -0.036361, -22.859648, 5.602962, 1.116808, -1.089996, 0.74645, 0.372005, 6.533832, 68.483125,
    0.280117,
  ],
  intercept: -334.567139,
};

describe('npm start launcher: repeated SIGTERM', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await createBackend('embedded');
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  it('lets a running job finish, exits 0 and removes the lock', async () => {
    const dataDir = backend.env.ASSAY_DATA_DIR as string;
    // Its own process group, so that a signal to the group reaches the launcher, the API and the
    // portal together, as Ctrl+C in a terminal does.
    const launcher = spawn(process.execPath, [join(repoRoot, 'scripts/platform.mjs')], {
      cwd: repoRoot,
      detached: true,
      env: {
        ...process.env,
        ...backend.env,
        ASSAY_ADMIN_KEY: KEY,
        PORT: '0',
        ASSAY_WEB_PORT: String(await freePort()),
        ASSAY_SHUTDOWN_GRACE_MS: '60000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    createInterface({ input: launcher.stderr }).on('line', (l) => lines.push(l));
    const apiUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(lines.join('\n'))), 90_000);
      let url = '';
      createInterface({ input: launcher.stdout }).on('line', (line) => {
        lines.push(line);
        url ||= /API:\s+(http:\/\/\S+)/.exec(line)?.[1] ?? '';
        if (line.includes('Press Ctrl+C to stop')) {
          clearTimeout(timer);
          resolve(url);
        }
      });
    });
    const exited = once(launcher, 'exit');
    try {
      const call = (path: string, init: RequestInit = {}) =>
        fetch(`${apiUrl}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${KEY}`, ...(init.headers as Record<string, string>) },
        });
      const json = (body: unknown): RequestInit => ({
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect((await call('/v1/projects/default/models', json({ name: 'p' }))).status).toBe(201);
      const raw = { method: 'POST', headers: { 'content-type': 'application/octet-stream' } };
      await call('/v1/projects/default/models/p/versions?format=json', {
        ...raw,
        body: JSON.stringify(MODEL),
      });
      const dataset = await readJson<{ id: string }>(
        await call('/v1/projects/default/datasets?format=csv', {
          ...raw,
          body: readFileSync(join(datasetsDir, 'diabetes.csv'), 'utf8'),
        }),
      );
      const started = await call(
        '/v1/projects/default/evaluations',
        json({
          model: 'p',
          version: 1,
          dataset: { id: dataset.id },
          target: 'progression',
          metrics: ['r2', 'mse', 'rmse', 'mae', 'explainedVariance', 'medianAbsoluteError'].map(
            (name) => ({ name }),
          ),
          // a few seconds of work: still running when the repeated signals arrive
          confidence: { nResamples: 5000, seed: 3 },
          async: true,
        }),
      );
      expect(started.status).toBe(202);
      const { id } = await readJson<{ id: string }>(started);
      for (let i = 0; ; i++) {
        const job = await readJson<{ status: string }>(
          await call(`/v1/projects/default/jobs/${id}`),
        );
        if (job.status === 'running') break;
        expect(i, 'job never ran').toBeLessThan(600);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(existsSync(join(dataDir, 'registry.lock'))).toBe(true);

      // Twice to the whole group (the launcher, the API and the portal), then once more to the
      // launcher alone.
      process.kill(-(launcher.pid as number), 'SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      process.kill(-(launcher.pid as number), 'SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      launcher.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code, lines.join('\n')).toBe(0);
      // The API was still draining (it exits as soon as its jobs are done) when repeats came.
      expect(lines.join('\n')).toMatch(/signal ignored/);
      expect(existsSync(join(dataDir, 'registry.lock'))).toBe(false);

      const api = await startApi(backend.env);
      try {
        const job = await readJson<{ status: string; attempts: number }>(
          await fetch(`${api.url}/v1/projects/default/jobs/${id}`, {
            headers: { authorization: `Bearer ${KEY}` },
          }),
        );
        expect(job.status).toBe('succeeded');
        expect(job.attempts).toBe(1);
      } finally {
        await api.stop();
      }
    } finally {
      if (launcher.exitCode === null && launcher.signalCode === null) {
        process.kill(-(launcher.pid as number), 'SIGKILL');
      }
    }
  });
});
