import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envTable } from '../src/env-docs.js';
import { apiEnvNames, webEnvNames } from '../src/env-names.js';
import { repoRoot } from '../src/render-kustomize.js';

const path = join(repoRoot, 'docs/deploy.md');
const START = '<!-- env:start -->';
const END = '<!-- env:end -->';

describe('docs/deploy.md', () => {
  it('holds the settings table generated from apps/api/src/env.ts (ASSAY_WRITE_DOCS=1 rewrites it)', () => {
    const doc = readFileSync(path, 'utf8');
    const expected = `${START}\n${envTable()}\n${END}`;
    const current = doc.slice(doc.indexOf(START), doc.indexOf(END) + END.length);
    if (process.env.ASSAY_WRITE_DOCS === '1' && current !== expected) {
      writeFileSync(path, doc.replace(current, expected));
      return;
    }
    expect(current, 'run ASSAY_WRITE_DOCS=1 pnpm --filter @assay/infra-check test').toBe(expected);
  });

  it('describes every variable the API, workers and portal read', () => {
    const doc = readFileSync(path, 'utf8');
    for (const name of [...apiEnvNames(), ...webEnvNames()])
      expect(doc, name).toContain(`\`${name}\``);
    const undocumented = envTable()
      .split('\n')
      .filter((row) => row.endsWith('|  |'));
    expect(undocumented, 'settings without a TSDoc comment in env.ts').toEqual([]);
  });
});
