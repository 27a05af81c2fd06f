import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenDir } from './paths.js';

export interface GoldenCase {
  id: string;
  metric: string;
  input: unknown;
  params: unknown;
  expected?: Record<string, unknown>;
  expectError?: string;
}

/** One reference case by id, e.g. `goldenCase('classification', 'accuracy-001')`. */
export function goldenCase(family: string, id: string): GoldenCase {
  const file = JSON.parse(readFileSync(join(goldenDir, `${family}.json`), 'utf8')) as {
    cases: GoldenCase[];
  };
  const found = file.cases.find((c) => c.id === id);
  if (!found) throw new Error(`golden case ${id} not found in ${family}.json`);
  return found;
}
