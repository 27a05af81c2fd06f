// AutoML MLP backends (issue 16): the same TensorFlow.js training loop as the core's `mlp` learner
// (Sequential dense ReLU layers, Adam, seeded Glorot init, `trainOnBatch` over mini-batches) on
// the pure-JS `cpu` backend and on `@tensorflow/tfjs-backend-wasm`, each in its own process, on
// two workloads: digits.csv (1,797 × 64, 10 classes, 128-64 hidden, batch 64, 10 epochs) and a
// synthetic 10,000 × 20 binary set (64-64 hidden, batch 128, 5 epochs). The faster one is what
// the learner trains on (packages/core/src/automl/learners/mlp/trainingBackend.ts).
// Run: npm run bench -- automl-mlp (builds first), or `node automl-mlp-backends.bench.mjs`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const datasetsDir = process.env.ASSAY_DATASETS_DIR ?? join(here, '..', 'fixtures', 'datasets');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function child(backend, workload) {
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not initialise`);
  await tf.ready();
  let x;
  let y;
  let rows;
  let cols;
  let outputs;
  let hidden;
  let batch;
  let epochs;
  if (workload === 'digits') {
    const lines = readFileSync(join(datasetsDir, 'digits.csv'), 'utf8').trim().split('\n').slice(1);
    rows = lines.length;
    cols = 64;
    outputs = 10;
    x = new Float32Array(rows * cols);
    y = new Float32Array(rows * outputs);
    lines.forEach((l, i) => {
      const c = l.split(',').map(Number);
      for (let j = 0; j < cols; j++) x[i * cols + j] = c[j] / 16;
      y[i * outputs + c[cols]] = 1;
    });
    [hidden, batch, epochs] = [[128, 64], 64, 10];
  } else {
    [rows, cols, outputs] = [10_000, 20, 1];
    let s = 1;
    const rnd = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 4294967296;
    };
    x = new Float32Array(rows * cols).map(() => rnd() * 2 - 1);
    y = new Float32Array(rows).map((_, i) =>
      x[i * cols] + x[i * cols + 1] * x[i * cols + 2] > 0 ? 1 : 0,
    );
    [hidden, batch, epochs] = [[64, 64], 128, 5];
  }
  const model = tf.sequential();
  [...hidden, outputs].forEach((units, l) => {
    model.add(
      tf.layers.dense({
        units,
        ...(l === 0 ? { inputShape: [cols] } : {}),
        activation: l < hidden.length ? 'relu' : outputs > 1 ? 'softmax' : 'sigmoid',
        kernelInitializer: tf.initializers.glorotUniform({ seed: l + 1 }),
      }),
    );
  });
  model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: outputs > 1 ? 'categoricalCrossentropy' : 'binaryCrossentropy',
  });
  const t0 = performance.now();
  let loss = 0;
  for (let e = 0; e < epochs; e++) {
    for (let b = 0; b < rows; b += batch) {
      const n = Math.min(batch, rows - b);
      const xs = tf.tensor2d(x.subarray(b * cols, (b + n) * cols), [n, cols]);
      const ys = tf.tensor2d(y.subarray(b * outputs, (b + n) * outputs), [n, outputs]);
      loss = await model.trainOnBatch(xs, ys);
      xs.dispose();
      ys.dispose();
    }
  }
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ backend: tf.getBackend(), ms, epochs, loss })}\n`);
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4]);
} else {
  const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
  console.log(
    `\nMLP training time per epoch, median (min–max) of ${RUNS} runs, one process per run\n`,
  );
  console.log('| workload | cpu | wasm | cpu / wasm |');
  console.log('|---|---|---|---|');
  for (const workload of ['digits', 'synthetic']) {
    const per = { cpu: [], wasm: [] };
    for (let r = 0; r < RUNS; r++) {
      for (const backend of ['cpu', 'wasm']) {
        const out = spawnSync(
          process.execPath,
          [fileURLToPath(import.meta.url), '--child', backend, workload],
          { encoding: 'utf8' },
        );
        if (out.status !== 0) throw new Error(`${backend} ${workload}: ${out.stderr}`);
        const res = JSON.parse(out.stdout.trim().split('\n').pop());
        per[backend].push(res.ms / res.epochs);
      }
    }
    const cell = (a) =>
      `${median(a).toFixed(0)} ms (${Math.min(...a).toFixed(0)}–${Math.max(...a).toFixed(0)})`;
    console.log(
      `| ${workload === 'digits' ? 'digits 1,797 × 64, 128-64, batch 64' : 'synthetic 10,000 × 20, 64-64, batch 128'} | ${cell(per.cpu)} | ${cell(per.wasm)} | ${(median(per.cpu) / median(per.wasm)).toFixed(2)}× |`,
    );
  }
}
