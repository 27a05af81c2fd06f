#!/usr/bin/env node
import { createRequire } from 'node:module';
// The review queue's claims on PostgreSQL (issue 15, item 2): 50 concurrent reviewers claiming
// from a 100,000-item queue through @assay/registry (`reviews.claim`: FOR UPDATE SKIP LOCKED under
// a lease; each reviewer accepts its item, then claims the next). Three timed runs on the same
// queue; the claim rate (claims/s) of each, their median and spread, and the check that no item
// was claimed twice across all runs.
//
//   pnpm --filter @assay/registry build && node bench/review-claims.bench.mjs
//   node bench/review-claims.bench.mjs [--items 100000] [--reviewers 50] [--seconds 10] [--runs 3]
//
// TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names the server; a
// database `assay_bench_…` is created on it and dropped at the end, even on failure.
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, openRegistry } from '@assay/registry';

const pg = createRequire(fileURLToPath(import.meta.resolve('@assay/registry')))('pg');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITEMS = arg('items', 100_000);
const REVIEWERS = arg('reviewers', 50);
const SECONDS = arg('seconds', 10);
const RUNS = arg('runs', 3);

const admin = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `assay_bench_${process.pid}_${Date.now().toString(36)}`;
const url = new URL(admin);
url.pathname = `/${dbName}`;
const databaseUrl = url.toString();
const dataDir = join(tmpdir(), dbName);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n) => Math.round(n).toLocaleString('en-US');

const adminClient = new pg.Client({ connectionString: admin });
await adminClient.connect();
await adminClient.query(`CREATE DATABASE "${dbName}"`);
let registry;
try {
  await migrate({ databaseUrl });
  registry = await openRegistry({ databaseUrl, dataDir });
  const project = await registry.projects.create({ name: 'bench' });
  const model = await registry.models.register({ projectId: project.id, name: 'triage' });
  await registry.reviews.setPolicy({ projectId: project.id, modelName: 'triage', threshold: 0.9 });
  const started = performance.now();
  for (let done = 0; done < ITEMS; done += 10_000) {
    const n = Math.min(10_000, ITEMS - done);
    await registry.reviews.record(
      Array.from({ length: n }, (_, i) => ({
        projectId: project.id,
        modelId: model.id,
        version: 1,
        requestId: `req-${done + i}`,
        rowIndex: 0,
        features: { age: (done + i) % 90, region: (done + i) % 3 === 0 ? 'north' : 'south' },
        prediction: 'spam',
        confidence: ((done + i) % 900) / 1000,
        status: 'pending',
        reviewsNeeded: 1,
        audit: false,
      })),
    );
  }
  const recordS = (performance.now() - started) / 1000;
  console.log(
    `queue: ${fmt(ITEMS)} items recorded in ${recordS.toFixed(1)} s (${fmt(ITEMS / recordS)} items/s)`,
  );
  const reviewers = [];
  for (let r = 0; r < REVIEWERS; r += 1) {
    const { reviewer } = await registry.reviews.createReviewer({
      projectId: project.id,
      modelName: 'triage',
      name: `r${r}`,
    });
    reviewers.push({ id: reviewer.id, modelId: model.id });
  }
  const seen = new Set();
  let duplicates = 0;
  const rates = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const load = loadavg()[0];
    const end = performance.now() + SECONDS * 1000;
    let claims = 0;
    const t0 = performance.now();
    await Promise.all(
      reviewers.map(async (r) => {
        while (performance.now() < end) {
          const item = await registry.reviews.claim(r);
          if (item === null) return;
          claims += 1;
          if (seen.has(item.id)) duplicates += 1;
          seen.add(item.id);
          await registry.reviews.submitReview(r, item.id, { decision: 'accept' });
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    rates.push(claims / elapsed);
    console.log(
      `run ${run}: ${fmt(claims)} claims (each accepted) by ${REVIEWERS} reviewers in ${elapsed.toFixed(1)} s = ${fmt(claims / elapsed)} claims/s (load average ${load.toFixed(2)} at start)`,
    );
  }
  const m = median(rates);
  console.log(
    `claim rate: median ${fmt(m)} claims/s over ${RUNS} runs (spread ${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}); ` +
      `items claimed twice: ${duplicates} of ${fmt(seen.size)}; load average now ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  );
  if (duplicates > 0) process.exitCode = 1;
} finally {
  await registry?.close();
  await adminClient.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await adminClient.end();
}
