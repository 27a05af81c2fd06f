import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createBackend } from './support/backends.js';
import { repoRoot } from './support/paths.js';
import { type RunningApi, startApi } from './support/processes.js';

/** The README's shell blocks marked ```sh title="walkthrough"```, in the README's order. */
function walkthroughBlocks(): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```sh title="walkthrough"\n([\s\S]*?)^```$/gm)].map(
    (m) => m[1] as string,
  );
}

/**
 * The README walks a newcomer through the whole loop (register, upload a JSON spec, a TF.js
 * bundle and an ONNX classifier, predict, batch test, explain, log a run, move an alias) as curl
 * snippets. They run here, in order, in one bash process (variables carry over, as in a
 * terminal), against an API on a fresh embedded database: a README step that stops working fails
 * CI.
 */
describe('the README walkthrough', () => {
  let backend: Backend;
  let api: RunningApi;

  beforeAll(async () => {
    backend = await createBackend('embedded');
    api = await startApi(backend.env);
  });
  afterAll(async () => {
    await api?.stop();
    await backend?.dispose();
  });

  it('runs every walkthrough block in order, each succeeding', () => {
    const blocks = walkthroughBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    const script = [
      'set -euo pipefail',
      ...blocks.map((block, i) => `echo "### block ${i + 1}"\n${block}\necho`),
      'echo "### done"',
    ].join('\n');
    const run = spawnSync('bash', ['-c', script], {
      cwd: repoRoot,
      env: { ...process.env, API: api.url, KEY: api.firstKey as string },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toContain('### done');
    // What block n printed (curl prints no final newline: two answers of a block run together).
    const parts = run.stdout.split(/^### (?:block \d+|done)$/m);
    const step = (n: number) => parts[n]?.trim() ?? '';
    // Each answer is JSON; the interesting ones are checked for what the README says they show.
    const versions = [3, 4, 5].map(
      (n) => JSON.parse(step(n)) as { number: number; format: string },
    );
    expect(versions.map((v) => [v.number, v.format])).toEqual([
      [1, 'json'],
      [2, 'tfjs'],
      [3, 'onnx'],
    ]);
    const prediction = JSON.parse(step(6)) as {
      kind: string;
      outputs: number[][];
      features: string[];
    };
    expect(prediction.kind).toBe('probability');
    // The rows were keyed by name in another order: matched to the input signature's.
    expect(prediction.features).toEqual(['a', 'b', 'c']);
    // packages/core/test/fixtures/onnx-fixtures.json (numpy): P(class 1) of these two rows
    expect(prediction.outputs[0]?.[0]).toBeCloseTo(0.9829789869883955, 5);
    expect(prediction.outputs[1]?.[0]).toBeCloseTo(0.013163816838633415, 5);
    const evaluation = JSON.parse(step(7)) as {
      id: string;
      metrics: { name: string; confidenceInterval?: { level: number } }[];
    };
    expect(evaluation.metrics.map((m) => m.name)).toEqual([
      'accuracy',
      'rocAuc',
      'confusionMatrix',
      'rocCurve',
    ]);
    expect(evaluation.metrics[0]?.confidenceInterval?.level).toBe(0.9);
    expect(JSON.parse(step(8))).toHaveProperty('values');
    const moved = step(10);
    const history = JSON.parse(moved.slice(moved.lastIndexOf('{"items"'))) as {
      items: { toVersion: number; reason: string; evaluationId: string | null }[];
    };
    expect(history.items[0]?.toVersion).toBe(2);
    expect(history.items[0]?.evaluationId).toBe(evaluation.id);
    expect(history.items[0]?.reason).toBe('batch test on holdout');
  });
});
