// Expected values for src/data/__tests__/lttb.test.ts, from Steinarsson's LTTB as packaged in
// npm `downsample-lttb@0.0.1` (his flot-downsample code reshaped into a module).
// Run: npm pack downsample-lttb@0.0.1 && tar xzf downsample-lttb-0.0.1.tgz
//      node generate.cjs ./package/index.js > ../../../src/data/__tests__/fixtures/lttb.json
const { processData } = require(require('node:path').resolve(process.argv[2]));

// A deterministic noisy series (LCG noise), so the fixture needs no stored input.
function series(n, seed) {
  let s = seed;
  const out = [];
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out.push([i, Math.sin(i / 25) * 10 + (s / 2147483648 - 0.5) * 4 + (i % 97 === 0 ? 15 : 0)]);
  }
  return out;
}
const cases = [];
for (const [n, threshold, seed] of [
  [1000, 3, 1],
  [1000, 10, 2],
  [1000, 100, 3],
  [10007, 500, 4],
  [7, 5, 5],
]) {
  const data = series(n, seed);
  const picked = processData(data, threshold);
  cases.push({ n, threshold, seed, indices: picked.map((p) => p[0]) });
}
process.stdout.write(`${JSON.stringify({ reference: 'downsample-lttb@0.0.1', cases })}\n`);
