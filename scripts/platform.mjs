#!/usr/bin/env node
// Runs the built platform: the API (embedded database unless DATABASE_URL is set), then the
// portal pointed at it. Prints both URLs and, on a first start, the first API key.
// `npm start` builds first and then calls this; it can also be run alone after a build.
//
// The API runs in an empty working directory of its own (issue 11): nothing a path relative to
// its working directory could name (an ONNX model's external data, say) is readable there. The
// data directories are made absolute first, relative to the repository root as before.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const webPort = process.env.ASSAY_WEB_PORT ?? '3000';
const children = [];
let stopping = false;
const apiCwd = mkdtempSync(join(tmpdir(), 'assay-api-cwd-'));
process.on('exit', () => rmSync(apiCwd, { recursive: true, force: true }));
/** ASSAY_DATA_DIR and ASSAY_ARTIFACT_DIR, absolute (relative ones meant the repository root). */
const dataDirs = {
  ASSAY_DATA_DIR: resolve(root, process.env.ASSAY_DATA_DIR || '.assay-data'),
  ...(process.env.ASSAY_ARTIFACT_DIR
    ? { ASSAY_ARTIFACT_DIR: resolve(root, process.env.ASSAY_ARTIFACT_DIR) }
    : {}),
};

/**
 * Stops the platform once: each child gets one SIGTERM (the API then lets running jobs finish,
 * up to ASSAY_SHUTDOWN_GRACE_MS, and releases the embedded database's lock), and the launcher
 * exits when they all have. Repeated signals (Ctrl+C reaches the children too, a process
 * manager may send SIGTERM again) are not forwarded: the children ignore repeats anyway.
 */
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGTERM');
  await Promise.all(exited);
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

function start(name, cmd, args, options) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...options });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[${name}] exited with ${code ?? signal}; stopping the platform`);
    void stopAll(code ?? 1);
  });
  return child;
}

const api = start('api', process.execPath, [join(root, 'apps/api/dist/main.js')], {
  cwd: apiCwd,
  env: { ASSAY_LOG_FORMAT: 'pretty', ...process.env, ...dataDirs },
});

const ready = new Promise((resolve) => {
  const seen = {};
  createInterface({ input: api.stdout }).on('line', (line) => {
    const m = line.match(/^(ASSAY_API_URL|ASSAY_FIRST_API_KEY)=(.*)$/);
    if (!m) {
      console.log(`[api] ${line}`);
      return;
    }
    seen[m[1]] = m[2];
    if (m[1] === 'ASSAY_API_URL') setTimeout(() => resolve(seen), 50);
  });
});

const { ASSAY_API_URL: apiUrl, ASSAY_FIRST_API_KEY: firstKey } = await ready;
const nextBin = join(root, 'apps/web/node_modules/next/dist/bin/next');
const web = start('web', process.execPath, [nextBin, 'start', '-p', webPort, '-H', '127.0.0.1'], {
  cwd: join(root, 'apps/web'),
  env: { ...process.env, ASSAY_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' },
});
createInterface({ input: web.stdout }).on('line', (line) => console.log(`[web] ${line}`));

const portal = `http://127.0.0.1:${webPort}`;
console.log(`
  Assay is running.
    Portal:   ${portal}
    API:      ${apiUrl}   (docs: ${apiUrl}/docs, OpenAPI: ${apiUrl}/openapi.json)
    ${
      firstKey
        ? `First API key (admin of project 'default'; shown once, keep it):\n      ${firstKey}`
        : 'The database already has API keys: use the one printed on the first start.'
    }
  Press Ctrl+C to stop.
`);
