#!/usr/bin/env node
// Text batch tests (issue 15, item 0): the core's `evaluateTextModel` on a stored-outputs column
// of BENCH_TEXT_SEGMENTS segments (default 2,000), BLEU, chrF, TER and ROUGE-1/2/L with sacrebleu's
// bootstrap (1,000 resamples) — beside sacrebleu 2.6.0 itself (`corpus_score(..., n_bootstrap=1000)`
// for BLEU, chrF and TER on the same corpus) when ASSAY_SACREBLEU_PYTHON names a Python that has
// it (Debian's python3 does not; see packages/core/scripts/reference/sacrebleu_confidence.py).
// Each of BENCH_RUNS runs (default 3); medians and spread (min–max) are printed. Needs a build.
import { spawnSync } from 'node:child_process';
import { createDataTable, evaluateTextModel } from '@assay/core';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const N = Number(process.env.BENCH_TEXT_SEGMENTS ?? 2_000);
const PYTHON = process.env.ASSAY_SACREBLEU_PYTHON;
const WORDS =
  'the a cat dog sat on mat and ran away quickly slowly house big small red blue green tree under over it is was were they we you see saw bird fish water river , . ! ?'.split(
    ' ',
  );

let seed = 7;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = () => WORDS[Math.floor(rnd() * WORDS.length)];
const refs = [];
const hyps = [];
for (let i = 0; i < N; i++) {
  const ref = Array.from({ length: 5 + Math.floor(rnd() * 20) }, pick);
  refs.push(ref.join(' '));
  hyps.push(ref.map((w) => (rnd() < 0.75 ? w : pick())).join(' '));
}
const table = createDataTable([
  { name: 'prompt', kind: 'label', values: refs.map((_, i) => `p${i}`) },
  { name: 'reference', kind: 'label', values: refs },
  { name: 'output', kind: 'label', values: hyps },
]);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (xs) =>
  `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;

const core = [];
const coreSacrebleuOnly = [];
for (let r = 0; r < RUNS; r++) {
  let t = performance.now();
  await evaluateTextModel({
    table,
    prompt: 'prompt',
    references: ['reference'],
    outputs: 'output',
    confidence: { nResamples: 1000 },
  });
  core.push(performance.now() - t);
  t = performance.now();
  await evaluateTextModel({
    table,
    prompt: 'prompt',
    references: ['reference'],
    outputs: 'output',
    metrics: [{ name: 'bleu' }, { name: 'chrf' }, { name: 'ter' }],
    confidence: { nResamples: 1000 },
  });
  coreSacrebleuOnly.push(performance.now() - t);
}
console.log(
  `text batch test, ${N} segments, 1000 bootstrap resamples, median (min–max) of ${RUNS}:`,
);
console.log(`  assay evaluateTextModel, BLEU+chrF+TER+ROUGE-1/2/L: ${summary(core)}`);
console.log(`  assay evaluateTextModel, BLEU+chrF+TER:             ${summary(coreSacrebleuOnly)}`);
if (PYTHON) {
  const script = `
import json, sys, time, os
os.environ["SACREBLEU_SEED"] = "12345"
from sacrebleu.metrics import BLEU, CHRF, TER
d = json.load(sys.stdin)
out = []
for _ in range(${RUNS}):
    t = time.perf_counter()
    for m in (BLEU(), CHRF(), TER()):
        m.corpus_score(d["h"], [d["r"]], n_bootstrap=1000)
    out.append((time.perf_counter() - t) * 1000)
print(json.dumps(out))
`;
  const run = spawnSync(PYTHON, ['-c', script], {
    input: JSON.stringify({ h: hyps, r: refs }),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  console.log(
    `  sacrebleu 2.6.0 corpus_score(n_bootstrap=1000), BLEU+chrF+TER: ${summary(JSON.parse(run.stdout))}`,
  );
}
