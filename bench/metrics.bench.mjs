#!/usr/bin/env node
// Assay's computeMetric side by side with the references, in one run, on the same seeded data:
// scikit-learn 1.2.1 (accuracy, F1 macro, ROC AUC on 1M and 10M rows) and NLTK 3.8 corpus_bleu
// (BLEU on 100k sentence pairs), both run with /usr/bin/python3 (Debian python3-sklearn and
// python3-nltk).
//
//   node bench/run-all.mjs metrics          (after `pnpm --filter @assay/core build`)
//   npm run bench                           (builds everything, then runs every benchmark)
//
// Environment: ASSAY_BENCH_SIZES (comma-separated row counts, default 1000000,10000000),
// ASSAY_BENCH_BLEU_PAIRS (default 100000), ASSAY_BENCH_REPEATS (default 3; the median is
// reported), ASSAY_BENCH_PYTHON (default /usr/bin/python3).
//
// What is timed. Assay: the whole `computeMetric(name, input, params)` call of the built
// @assay/core (zod validation, semantic checks, the metric), on plain JS arrays built beforehand.
// Reference: only the library call (time.perf_counter around it); loading the data is not timed,
// the library's own input checks are. Each side runs in its own process per case, after a warm-up
// call on 10k rows (JIT, lazy imports).
//
// Memory. Each Assay case runs in a fresh `node --expose-gc` process. Before the timed call it
// collects garbage and writes 5 to /proc/self/clear_refs, which resets the kernel's resident-set
// high-water mark (VmHWM) to the current RSS; after the call, VmHWM − RSS-before is the peak extra
// memory the call needed (every copy, temporary and not-yet-collected garbage included). The input
// size is measured too: the V8 heap growth (heapUsed, after gc) caused by building the input
// arrays, i.e. what the caller already holds. The goal is peak ≤ 2 × input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = process.env.ASSAY_BENCH_PYTHON ?? '/usr/bin/python3';
const SIZES = (process.env.ASSAY_BENCH_SIZES ?? '1000000,10000000').split(',').map(Number);
const BLEU_PAIRS = Number(process.env.ASSAY_BENCH_BLEU_PAIRS ?? 100_000);
const REPEATS = Number(process.env.ASSAY_BENCH_REPEATS ?? 3);
const SEED = 20261126;
const WARM_UP_ROWS = 50_000; // above the radix-sort threshold, so that its code is compiled too

/** mulberry32: a small seeded generator, so that every run benchmarks the same data. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLASSES = 5;

/** Labels of 5 classes (predictions right 70 % of the time), a 30 % positive binary target and scores. */
function generateRows(n) {
  const next = random(SEED);
  const yTrue = new Int32Array(n);
  const yPred = new Int32Array(n);
  const yBin = new Int32Array(n);
  const yScore = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const label = Math.floor(next() * CLASSES);
    yTrue[i] = label;
    yPred[i] = next() < 0.7 ? label : Math.floor(next() * CLASSES);
    const positive = next() < 0.3 ? 1 : 0;
    yBin[i] = positive;
    // Rounded to 6 decimals so that ties occur, as with real model scores.
    yScore[i] = Math.round((positive ? 0.25 + 0.75 * next() : 0.75 * next()) * 1e6) / 1e6;
  }
  return { yTrue, yPred, yBin, yScore };
}

const VOCABULARY = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);

/** Reference sentences of 8–40 words and hypotheses with ~25 % of the words changed or dropped. */
function generateSentences(pairs) {
  const next = random(SEED + 1);
  const word = () => VOCABULARY[Math.floor(next() ** 2 * VOCABULARY.length)];
  const hypotheses = [];
  const references = [];
  for (let s = 0; s < pairs; s++) {
    const length = 8 + Math.floor(next() * 33);
    const ref = Array.from({ length }, word);
    const hyp = [];
    for (const w of ref) {
      const r = next();
      if (r < 0.15) hyp.push(word());
      else if (r < 0.2) continue;
      else if (r < 0.25) hyp.push(w, word());
      else hyp.push(w);
    }
    references.push(`${ref.join(' ')} .`);
    hypotheses.push(`${hyp.join(' ')} .`);
  }
  return { hypotheses, references };
}

// ---------------------------------------------------------------------------------------------
// Child: one Assay case in a fresh process.

const CASES = {
  accuracy: {
    name: 'accuracy',
    params: {},
    arrays: ['yTrue.i32', 'yPred.i32'],
    keys: ['yTrue', 'yPred'],
  },
  f1Macro: {
    name: 'f1',
    params: { average: 'macro' },
    arrays: ['yTrue.i32', 'yPred.i32'],
    keys: ['yTrue', 'yPred'],
  },
  rocAuc: {
    name: 'rocAuc',
    params: {},
    arrays: ['yBin.i32', 'yScore.f64'],
    keys: ['yTrue', 'yScore'],
  },
};

function procStatus() {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (field) =>
    Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
}

function readArray(dir, file, n) {
  const bytes = readFileSync(join(dir, file));
  const typed = file.endsWith('.f64')
    ? new Float64Array(bytes.buffer, bytes.byteOffset, n)
    : new Int32Array(bytes.buffer, bytes.byteOffset, n);
  // Through JSON, as the API receives it: exactly sized, packed JS arrays (8 bytes per element).
  return JSON.parse(JSON.stringify(Array.from(typed)));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function child(caseName, n, dir, repeats) {
  const { computeMetric } = await import('@assay/core/metrics');
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
  let build;
  let call;
  if (caseName === 'bleu') {
    const read = () => ({
      hypotheses: readFileSync(join(dir, 'hypotheses.txt'), 'utf8').split('\n'),
      references: readFileSync(join(dir, 'references.txt'), 'utf8')
        .split('\n')
        .map((r) => [r]),
    });
    build = read;
    call = (input) => computeMetric('bleu', input, {});
    const small = read();
    call({
      hypotheses: small.hypotheses.slice(0, 500),
      references: small.references.slice(0, 500),
    });
  } else {
    const spec = CASES[caseName];
    build = () =>
      Object.fromEntries(spec.keys.map((key, k) => [key, readArray(dir, spec.arrays[k], n)]));
    call = (input) => computeMetric(spec.name, input, spec.params);
    const small = Object.fromEntries(
      spec.keys.map((key, k) => [key, readArray(dir, spec.arrays[k], WARM_UP_ROWS)]),
    );
    for (let i = 0; i < 3; i++) call(small);
  }
  globalThis.gc();
  globalThis.gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const input = build();
  globalThis.gc();
  globalThis.gc();
  const inputBytes = process.memoryUsage().heapUsed - heapBefore;
  const seconds = [];
  const cpuSeconds = [];
  let peakBytes = 0;
  let result;
  for (let r = 0; r < repeats; r++) {
    globalThis.gc();
    globalThis.gc();
    writeFileSync('/proc/self/clear_refs', '5');
    const before = procStatus().rss;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    result = call(input);
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    const used = process.cpuUsage(cpu);
    cpuSeconds.push((used.user + used.system) / 1e6);
    peakBytes = Math.max(peakBytes, procStatus().hwm - before);
  }
  const value = caseName === 'bleu' ? result.score : result.value;
  process.stdout.write(
    `${JSON.stringify({ seconds, cpuSeconds, inputBytes, peakBytes, value })}\n`,
  );
}

// ---------------------------------------------------------------------------------------------
// Parent: generate, run both sides per case, print the table.

function runJson(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  }
  const line = r.stdout.trim().split('\n').pop();
  return JSON.parse(line);
}

function assayCase(caseName, n, dir) {
  return runJson(process.execPath, [
    '--expose-gc',
    '--max-old-space-size=8192',
    fileURLToPath(import.meta.url),
    '--child',
    caseName,
    String(n),
    dir,
    String(REPEATS),
  ]);
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const secs = (s) => (s < 0.01 ? s.toFixed(4) : s.toFixed(3));

async function parent() {
  const dir = mkdtempSync(join(tmpdir(), 'assay-bench-'));
  const rows = [];
  try {
    const maxRows = Math.max(...SIZES);
    console.log(
      `generating ${maxRows} rows and ${BLEU_PAIRS} sentence pairs (seed ${SEED}) in ${dir}`,
    );
    const data = generateRows(maxRows);
    for (const [name, array] of [
      ['yTrue.i32', data.yTrue],
      ['yPred.i32', data.yPred],
      ['yBin.i32', data.yBin],
      ['yScore.f64', data.yScore],
    ]) {
      writeFileSync(join(dir, name), new Uint8Array(array.buffer)); // little-endian on x86/ARM
    }
    const sentences = generateSentences(BLEU_PAIRS);
    writeFileSync(join(dir, 'hypotheses.txt'), sentences.hypotheses.join('\n'));
    writeFileSync(join(dir, 'references.txt'), sentences.references.join('\n'));

    let versions = '';
    for (const n of SIZES) {
      for (const caseName of ['accuracy', 'f1Macro', 'rocAuc']) {
        const assay = assayCase(caseName, n, dir);
        const ref = runJson(PYTHON, [
          join(here, 'reference', 'sklearn_metrics.py'),
          caseName,
          String(n),
          dir,
          String(REPEATS),
        ]);
        versions = ref.versions;
        const agree = Math.abs(assay.value - ref.value) <= 1e-9 * Math.max(1, Math.abs(ref.value));
        rows.push({
          label: `${caseName} ${n.toLocaleString('en-US')} rows`,
          assay,
          ref,
          agree,
          vs: 'scikit-learn',
        });
        const last = rows[rows.length - 1];
        console.log(
          `${last.label}: Assay ${secs(median(assay.seconds))} s, scikit-learn ${secs(median(ref.seconds))} s, values ${assay.value} / ${ref.value}${agree ? '' : ' (DIFFER!)'}`,
        );
      }
    }
    const assay = assayCase('bleu', BLEU_PAIRS, dir);
    const ref = runJson(PYTHON, [join(here, 'reference', 'nltk_bleu.py'), dir, String(REPEATS)]);
    rows.push({
      label: `BLEU ${BLEU_PAIRS.toLocaleString('en-US')} pairs`,
      assay,
      ref,
      agree: null,
      vs: 'NLTK corpus_bleu',
    });
    console.log(
      `BLEU: Assay ${secs(median(assay.seconds))} s (score ${assay.value.toFixed(4)}), NLTK ${secs(median(ref.seconds))} s (score ${ref.value.toFixed(4)}; a different BLEU, speed only)`,
    );

    console.log(
      `\nAssay: computeMetric of the built @assay/core, whole call (validation included), Node ${process.version}.`,
    );
    console.log(
      `References (/usr/bin/python3): ${versions}; ${ref.versions}; only the library call is timed.`,
    );
    console.log(
      `Median of ${REPEATS} runs after a warm-up; wall-clock seconds, and CPU seconds of the process (less sensitive to other load on the machine). Peak = VmHWM − RSS before the call; input = V8 heap held by the input (arrays parsed from JSON).\n`,
    );
    console.log(
      '| case | reference | Assay s | reference s | speed-up | Assay CPU s | reference CPU s | CPU speed-up | Assay peak | input | peak / input | same value |',
    );
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const row of rows) {
      const a = median(row.assay.seconds);
      const r = median(row.ref.seconds);
      const ac = median(row.assay.cpuSeconds);
      const rc = median(row.ref.cpuSeconds);
      const same = row.agree === null ? 'n/a (other BLEU)' : row.agree ? 'yes' : '**no**';
      console.log(
        `| ${row.label} | ${row.vs} | ${secs(a)} | ${secs(r)} | ${(r / a).toFixed(2)}× | ${secs(ac)} | ${secs(rc)} | ${(rc / ac).toFixed(2)}× | ${mb(row.assay.peakBytes)} | ${mb(row.assay.inputBytes)} | ${(row.assay.peakBytes / row.assay.inputBytes).toFixed(2)} | ${same} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [, , , caseName, n, dir, repeats] = process.argv;
  await child(caseName, Number(n), dir, Number(repeats));
} else {
  await parent();
}
