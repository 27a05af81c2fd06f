import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/paths.js';

describe('support/openapi-check.ts', () => {
  it('is the API harness checker (apps/api/test/openapi-check.ts) plus the fetch hook', () => {
    const api = readFileSync(join(repoRoot, 'apps/api/test/openapi-check.ts'), 'utf8');
    const e2e = readFileSync(join(repoRoot, 'tooling/e2e/test/support/openapi-check.ts'), 'utf8');
    const body = (text: string) => text.slice(text.indexOf('import { Ajv2020'));
    expect(body(e2e).startsWith(body(api))).toBe(true);
  });
});
