#!/usr/bin/env node
// What one mirrored copy costs the callers' event loop (issue 13, item 3), without HTTP or the
// database: the same copies of a one-row, 8-feature logistic prediction submitted at a steady
// rate (BENCH_COPY_RATE a second, default 400, for BENCH_SECONDS s each) through
//   - the shadow thread (`ShadowRunner`: copies batched to a low-priority thread of their own),
//   - the way before it, a `background` task of the compute pool per copy, raced against a
//     timeout timer with an AbortController (what `ShadowMirror` did),
// alternating the two in BENCH_RUNS (5) rounds. Printed: CPU µs per copy of the main thread and
// of the whole process (Linux /proc, 10 ms ticks), medians and min–max. The main thread's figure
// is what a copy takes from the callers' event loop; less sensitive to the machine's other work
// than a p99.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_COMPUTE_LIMITS } from '@assay/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(join(root, 'apps/api/dist', p)).href;
const { ComputePool } = await import(dist('jobs/compute/compute-pool.js'));
const { ShadowRunner } = await import(dist('shadow/shadow-runner.js'));

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RATE = Number(process.env.BENCH_COPY_RATE ?? 400);
const TIMEOUT_MS = 2000;
const FEATURES = 8;
const model = {
  key: 'bench-candidate',
  format: 'json',
  bytes: new TextEncoder().encode(
    JSON.stringify({
      type: 'logistic',
      coef: Array.from({ length: FEATURES }, (_, i) => (i % 3 ? 0.25 : -0.2)),
      intercept: 0.1,
      classes: ['no', 'yes'],
    }),
  ),
};
const rows = [Array.from({ length: FEATURES }, (_, i) => i / 10 - 0.3)];

const ticks = (path) => {
  const f = readFileSync(path, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10_000; // µs
};
const cpu = () => ({
  main: ticks(`/proc/self/task/${process.pid}/stat`),
  all: ticks('/proc/self/stat'),
});

const pool = new ComputePool({
  threads: 1,
  maxQueue: 64,
  memoryMb: 256,
  timeoutMs: 30_000,
  limits: DEFAULT_COMPUTE_LIMITS,
  modelCacheSize: 4,
  remoteAllowedHosts: '',
});
const runner = new ShadowRunner({
  timeoutMs: TIMEOUT_MS,
  batchMs: 20,
  nice: 19,
  memoryMb: 256,
  limits: DEFAULT_COMPUTE_LIMITS,
  modelCacheSize: 4,
  remoteAllowedHosts: '',
});

/** The way before the shadow thread: one background pool task per copy, raced with a timer. */
function viaPool(done) {
  const abort = new AbortController();
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS);
  });
  const run = pool
    .run(
      { kind: 'predict', model, rows, featureNames: undefined },
      { signal: abort.signal, background: true },
    )
    .then(
      (result) => ({ result }),
      (error) => ({ error }),
    );
  Promise.race([run, timedOut]).then((first) => {
    clearTimeout(timer);
    if (first === 'timeout') abort.abort(new Error('timed out'));
    done(first === 'timeout' ? 'timeout' : 'error' in first ? 'error' : 'ok');
  });
}

function viaRunner(done) {
  runner.submit({ model, rows, featureNames: undefined, remote: false }, (o) => done(o.outcome));
}

/** Submits RATE copies a second for SECONDS, waits for them, answers CPU µs per copy. */
async function phase(submit) {
  const outcomes = {};
  let pending = 0;
  const done = (o) => {
    outcomes[o] = (outcomes[o] ?? 0) + 1;
    pending -= 1;
  };
  const total = RATE * SECONDS;
  const before = cpu();
  const t0 = performance.now();
  let sent = 0;
  await new Promise((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * RATE));
      for (; sent < due; sent += 1) {
        pending += 1;
        submit(done);
      }
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  while (pending > 0) await new Promise((r) => setTimeout(r, 20));
  const after = cpu();
  return {
    main: (after.main - before.main) / total,
    all: (after.all - before.all) / total,
    outcomes,
  };
}

// The runner's thread and timers do not hold the process open (the API's server does).
const keepAlive = setInterval(() => {}, 1000);
// Warm both: threads started, models loaded, code compiled.
await runner.warm();
await phase(viaPool);
await phase(viaRunner);

const results = { pool: [], runner: [] };
for (let run = 1; run <= RUNS; run += 1) {
  const order = run % 2 ? ['pool', 'runner'] : ['runner', 'pool'];
  for (const name of order) {
    const r = await phase(name === 'pool' ? viaPool : viaRunner);
    results[name].push(r);
    console.log(`run ${run} ${name}:`, JSON.stringify(r), `load ${loadavg()[0].toFixed(1)}`);
  }
}
await runner.close();
await pool.close();
clearInterval(keepAlive);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (xs) =>
  `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
console.log(
  `\n| ${RUNS} rounds, ${RATE} copies/s for ${SECONDS} s each, median (min–max) | main thread CPU µs per copy | process CPU µs per copy |\n|---|---|---|`,
);
for (const [name, label] of [
  ['pool', 'a background compute-pool task per copy, raced with a timer (before)'],
  ['runner', 'the shadow thread: batched, niced (now)'],
]) {
  console.log(
    `| ${label} | ${summary(results[name].map((r) => r.main))} | ${summary(results[name].map((r) => r.all))} |`,
  );
}
console.log(`\n1-min load average at the end: ${loadavg()[0].toFixed(1)}`);
