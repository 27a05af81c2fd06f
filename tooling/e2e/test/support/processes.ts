import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { checkResponsesOf } from '@assay/openapi-check';
import { repoRoot } from './paths.js';

export interface Running {
  url: string;
  output: () => string;
  /**
   * SIGTERM (the process finishes what it is doing), SIGKILL only after the API's default grace
   * period (30 s) and a margin; resolves on exit. A job may still be running when a graceful-stop
   * test sends SIGTERM, and on a loaded machine it can take longer than a few seconds to finish.
   */
  stop: () => Promise<void>;
  /** SIGKILL at once, as a crash or an OOM kill would; resolves on exit. */
  kill: () => Promise<void>;
  /** The exit code, once the process has exited. */
  exitCode: () => number | null;
}

export interface RunningApi extends Running {
  /** Printed only when the API started on a database without keys. */
  firstKey: string | undefined;
}

/** The API's default ASSAY_SHUTDOWN_GRACE_MS (30 s) and a margin for a loaded machine. */
const STOP_KILL_AFTER_MS = 45_000;

function track(child: ChildProcess) {
  const lines: string[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > 400) lines.shift();
  };
  if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
  if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_KILL_AFTER_MS);
    await exited;
    clearTimeout(timer);
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  return { lines, stop, kill, exitCode: () => child.exitCode };
}

/** Starts the built API (`apps/api/dist/main.js`) on a free port and waits until it listens. */
export async function startApi(env: Record<string, string>): Promise<RunningApi> {
  const child = spawn(process.execPath, [join(repoRoot, 'apps/api/dist/main.js')], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { lines, stop, kill, exitCode } = track(child);
  let firstKey: string | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`API did not start in 90 s:\n${lines.join('\n')}`)),
      90_000,
    );
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`API exited with ${code} before listening:\n${lines.join('\n')}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const key = line.match(/^ASSAY_FIRST_API_KEY=(.+)$/);
      if (key) firstKey = key[1];
      const m = line.match(/^ASSAY_API_URL=(.+)$/);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  // The key line is printed right after the URL line.
  await new Promise((r) => setTimeout(r, 100));
  // Every test request to this API is checked against its document from now on.
  checkResponsesOf(url);
  return { url, firstKey, output: () => lines.join('\n'), stop, kill, exitCode };
}

/** Starts a job worker (`apps/api/dist/worker.js`) and waits until it takes jobs. */
export async function startWorker(env: Record<string, string>): Promise<Omit<Running, 'url'>> {
  const child = spawn(process.execPath, [join(repoRoot, 'apps/api/dist/worker.js')], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { lines, stop, kill, exitCode } = track(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker did not start in 60 s:\n${lines.join('\n')}`)),
      60_000,
    );
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before it was ready:\n${lines.join('\n')}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line === 'ASSAY_WORKER=ready') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { output: () => lines.join('\n'), stop, kill, exitCode };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

/** Starts the built portal (`next start`) pointed at an API, with any extra environment. */
export async function startWeb(apiUrl: string, env: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const webDir = join(repoRoot, 'apps/web');
  const child = spawn(
    process.execPath,
    [
      join(webDir, 'node_modules/next/dist/bin/next'),
      'start',
      '-p',
      String(port),
      '-H',
      '127.0.0.1',
    ],
    {
      cwd: webDir,
      env: { ...process.env, ASSAY_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const { lines, stop, kill, exitCode } = track(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`portal exited:\n${lines.join('\n')}`);
    try {
      const res = await fetch(`${url}/login`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`portal did not start:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, output: () => lines.join('\n'), stop, kill, exitCode };
}

/** Runs a command to completion, failing with its output if it fails. */
export async function runCommand(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<string> {
  const child = spawn(cmd, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { lines } = track(child);
  const [code] = (await once(child, 'exit')) as [number | null];
  const out = lines.join('\n');
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${out}`);
  return out;
}

/** Reads a JSON body as the type the test expects (the assertions check it). */
export const readJson = async <T>(res: Response): Promise<T> => (await res.json()) as T;
