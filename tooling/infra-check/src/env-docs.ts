import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './render-kustomize.js';

export interface EnvEntry {
  name: string;
  description: string;
}

/**
 * Each variable of the API's env schema with its TSDoc, in schema order: `apps/api/src/env.ts` is
 * the one place a setting is described, and docs/deploy.md's table is generated from it.
 */
export function apiEnvEntries(): EnvEntry[] {
  const text = readFileSync(join(repoRoot, 'apps/api/src/env.ts'), 'utf8');
  const schema = text.slice(text.indexOf('z.object({'), text.indexOf('\n});'));
  const entries: EnvEntry[] = [];
  let comment: string[] = [];
  for (const line of schema.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('/**')) comment = [];
    if (trimmed.startsWith('/**') || trimmed.startsWith('*')) {
      const words = trimmed.replace(/^\/\*\*|^\*\/?|\*\/$/g, '').trim();
      if (words) comment.push(words);
      continue;
    }
    const match = /^ {2}([A-Z][A-Z0-9_]*):/.exec(line);
    if (match) {
      entries.push({ name: match[1] as string, description: comment.join(' ') });
      comment = [];
    }
  }
  return entries;
}

/** The Markdown table docs/deploy.md holds between its `env:start` and `env:end` markers. */
export function envTable(): string {
  const rows = apiEnvEntries().map(
    ({ name, description }) => `| \`${name}\` | ${description.replaceAll('|', '\\|')} |`,
  );
  return ['| Variable | What it does |', '| --- | --- |', ...rows].join('\n');
}
