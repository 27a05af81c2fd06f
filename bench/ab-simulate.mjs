// A/A and A/B simulations of @assay/core/abtest (issue 14), seeded; a command, not part of npm test
// (`npm run ab-simulate` here, after `pnpm --filter @assay/core build`).
//
// A/A: EXPERIMENTS (2,000) experiments with no effect (conversion 10 % in both arms), DAILY_UNITS
// (500) new units per arm each day, looked at every day for DAYS (30) days with `analyzeAbTest`.
// An experiment is a false positive if any look says "significant" (p < α on the relative lift;
// Bayesian: chance to win > 1 − α or < α). The sequential method (confidence sequences, tuning
// 5000) must stay at or below α; naive daily peeking at the fixed-horizon test is shown beside it,
// with the single look at day 30 that the fixed-horizon test is built for.
// A/B: the planner's sample size for +MDE relative on 10 %, EXPERIMENTS experiments with that true
// effect, analysed once at the planned size: the share detected is the power (planned 80 %).
// Env: SEED (14), EXPERIMENTS, DAYS, DAILY_UNITS, ALPHA (0.05), MDE (0.1).
import { analyzeAbTest, planAbTest } from '@assay/core/abtest';

const SEED = Number(process.env.SEED ?? 14);
const EXPERIMENTS = Number(process.env.EXPERIMENTS ?? 2000);
const DAYS = Number(process.env.DAYS ?? 30);
const DAILY = Number(process.env.DAILY_UNITS ?? 500);
const ALPHA = Number(process.env.ALPHA ?? 0.05);
const MDE = Number(process.env.MDE ?? 0.1);
const RATE = 0.1;

/** splitmix32: a small seeded generator with good equidistribution for Bernoulli draws. */
function splitmix32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}
const rand = splitmix32(SEED);
const binomial = (n, p) => {
  let k = 0;
  for (let i = 0; i < n; i++) if (rand() < p) k++;
  return k;
};

const variants = (n0, n1) => [
  { name: 'A', units: n0, expectedWeight: 0.5 },
  { name: 'B', units: n1, expectedWeight: 0.5 },
];
function verdict(method, n, s0, s1) {
  const r = analyzeAbTest({
    variants: variants(n, n),
    metrics: [
      {
        name: 'conversion',
        role: 'primary',
        stats: [
          { kind: 'proportion', n, sum: s0 },
          { kind: 'proportion', n, sum: s1 },
        ],
      },
    ],
    method,
    alpha: ALPHA,
  });
  const v = r.metrics[0].variants[1];
  return { significant: v.significant !== 'none', absP: v.absolute.pValue };
}

const pct = (k, n) => {
  const p = k / n;
  const half = 1.96 * Math.sqrt((p * (1 - p)) / n);
  return `${(100 * p).toFixed(1)} % (${(100 * Math.max(0, p - half)).toFixed(1)}–${(100 * (p + half)).toFixed(1)})`;
};

// ---- A/A
const t0 = performance.now();
const methods = ['sequential', 'frequentist', 'bayesian'];
const everSignificant = Object.fromEntries(methods.map((m) => [m, 0]));
let fixedHorizon = 0;
for (let e = 0; e < EXPERIMENTS; e++) {
  let n = 0;
  let s0 = 0;
  let s1 = 0;
  const flagged = Object.fromEntries(methods.map((m) => [m, false]));
  for (let d = 1; d <= DAYS; d++) {
    n += DAILY;
    s0 += binomial(DAILY, RATE);
    s1 += binomial(DAILY, RATE);
    for (const m of methods) {
      if (!flagged[m] && verdict(m, n, s0, s1).significant) flagged[m] = true;
    }
    if (d === DAYS && verdict('frequentist', n, s0, s1).significant) fixedHorizon++;
  }
  for (const m of methods) if (flagged[m]) everSignificant[m]++;
}
const aaSeconds = (performance.now() - t0) / 1000;

console.log(
  `\n### A/A: ${EXPERIMENTS.toLocaleString('en-US')} experiments, no effect (conversion ${RATE * 100} %), ${DAILY} units/arm/day, looked at daily for ${DAYS} days, α = ${ALPHA}, seed ${SEED}\n`,
);
console.log('| method | looks | false-positive rate (95 % interval) |');
console.log('|---|---|---|');
console.log(
  `| sequential (confidence sequences, tuning 5000) | daily | ${pct(everSignificant.sequential, EXPERIMENTS)} |`,
);
console.log(
  `| frequentist fixed-horizon, naive daily peeking | daily | ${pct(everSignificant.frequentist, EXPERIMENTS)} |`,
);
console.log(
  `| frequentist fixed-horizon, one look at day ${DAYS} | 1 | ${pct(fixedHorizon, EXPERIMENTS)} |`,
);
console.log(
  `| Bayesian (chance to win > ${1 - ALPHA} or < ${ALPHA}), daily peeking | daily | ${pct(everSignificant.bayesian, EXPERIMENTS)} |`,
);
const seqRate = everSignificant.sequential / EXPERIMENTS;
console.log(
  `\nSequential false-positive rate ${(100 * seqRate).toFixed(2)} % ${seqRate <= ALPHA ? '≤' : '>'} α = ${ALPHA * 100} %: ${seqRate <= ALPHA ? 'OK' : 'FAILED'} (${(EXPERIMENTS * DAYS * 4).toLocaleString('en-US')} analyses in ${aaSeconds.toFixed(1)} s).`,
);

// ---- A/B at the planner's size
const plan = planAbTest({
  baseline: { kind: 'proportion', rate: RATE },
  mde: MDE,
  alpha: ALPHA,
  power: 0.8,
});
const n = plan.unitsPerVariant;
let detectedZ = 0;
let detectedRel = 0;
let detectedSeq = 0;
const t1 = performance.now();
for (let e = 0; e < EXPERIMENTS; e++) {
  const s0 = binomial(n, RATE);
  const s1 = binomial(n, RATE * (1 + MDE));
  const f = verdict('frequentist', n, s0, s1);
  if (f.absP !== null && f.absP < ALPHA) detectedZ++;
  if (f.significant) detectedRel++;
  if (verdict('sequential', n, s0, s1).significant) detectedSeq++;
}
const abSeconds = (performance.now() - t1) / 1000;
console.log(
  `\n### A/B: true lift +${MDE * 100} % on ${RATE * 100} %, ${EXPERIMENTS.toLocaleString('en-US')} experiments at the planner's ${n.toLocaleString('en-US')} units per variant (planned power 80 %, α = ${ALPHA})\n`,
);
console.log('| test at the planned size | power (95 % interval) |');
console.log('|---|---|');
console.log(
  `| two-proportion z (statsmodels semantics; what the planner assumes) | ${pct(detectedZ, EXPERIMENTS)} |`,
);
console.log(`| relative lift, gbstats TwoSidedTTest | ${pct(detectedRel, EXPERIMENTS)} |`);
console.log(
  `| sequential, one look at the planned size (the price of always-valid looks) | ${pct(detectedSeq, EXPERIMENTS)} |`,
);
console.log(`\n(${abSeconds.toFixed(1)} s)`);
if (seqRate > ALPHA) process.exit(1);
