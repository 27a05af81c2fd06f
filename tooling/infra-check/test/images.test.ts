import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../src/render-kustomize.js';

/**
 * infra/images/Dockerfile, parsed (dockerfile-ast) and checked for what the images promise:
 * pinned bases, non-root final stages, health checks, nothing fetched at start, and build inputs
 * that exist. No Docker engine runs here, so the images are not built in CI.
 */
const text = readFileSync(join(repoRoot, 'infra/images/Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const froms = dockerfile.getFROMs();
const TARGETS = ['api', 'worker', 'web', 'migrate'];

/** The instructions of one stage, its parents' first (a stage inherits USER and ENV). */
function stageChain(stage: string): { keyword: string; args: string }[] {
  const instructions = dockerfile.getInstructions();
  const starts = froms.map((f) => instructions.indexOf(f));
  const at = froms.findIndex((f) => f.getBuildStage() === stage);
  const from = froms[at];
  if (!from) throw new Error(`no stage ${stage}`);
  const own = instructions
    .slice(instructions.indexOf(from) + 1, starts[at + 1] ?? instructions.length)
    .map((i) => ({ keyword: i.getKeyword(), args: i.getArgumentsContent() ?? '' }));
  const parent = from.getImageName();
  const isStage = froms.some((f) => f.getBuildStage() === parent);
  return [...(isStage && parent ? stageChain(parent) : []), ...own];
}

describe('infra/images/Dockerfile', () => {
  it('has a stage per image, each from a pinned base or an earlier stage', () => {
    const stages = froms.map((f) => f.getBuildStage());
    expect(stages).toEqual(expect.arrayContaining(TARGETS));
    const args = new Map(
      dockerfile.getARGs().map((a) => [a.getProperty()?.getName(), a.getProperty()?.getValue()]),
    );
    for (const from of froms) {
      const image = from.getImageName() ?? '';
      if (stages.includes(image)) continue;
      const resolved = image.replace(/^\$\{(\w+)\}$/, (_, name: string) => args.get(name) ?? '');
      // an exact release (x.y.z) and a distribution, never a moving tag such as latest or 20
      expect(resolved, from.getArgumentsContent() ?? '').toMatch(
        /^node:\d+\.\d+\.\d+-[a-z]+(-slim)?$/,
      );
    }
  });

  it('runs every image as the unprivileged node user, with a health check where a server listens', () => {
    for (const target of TARGETS) {
      const chain = stageChain(target);
      const users = chain.filter((i) => i.keyword === 'USER').map((i) => i.args);
      expect(users.at(-1), target).toBe('node');
      expect(
        chain.filter((i) => i.keyword === 'CMD'),
        target,
      ).toHaveLength(1);
      if (target !== 'migrate') {
        expect(
          chain.some((i) => i.keyword === 'HEALTHCHECK'),
          target,
        ).toBe(true);
      }
      // nothing is fetched or installed when a container starts
      const start = chain.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
      expect(
        start.filter((i) => /curl|wget|npm |pnpm |npx /.test(i.args)),
        target,
      ).toEqual([]);
    }
  });

  it('starts the files the build produces, and installs the pnpm the repository pins', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      packageManager: string;
    };
    expect(text).toContain(`pnpm@${manifest.packageManager.replace('pnpm@', '')}`);
    const built: Record<string, string> = {
      '/app/apps/api/dist/main.js': 'apps/api/src/main.ts',
      '/app/apps/api/dist/worker.js': 'apps/api/src/worker.ts',
      '/app/packages/registry/dist/cli/migrate.js': 'packages/registry/src/cli/migrate.ts',
    };
    for (const target of ['api', 'worker', 'migrate']) {
      const cmd = stageChain(target).filter((i) => i.keyword === 'CMD');
      const [, entry] = JSON.parse(cmd.at(-1)?.args ?? '[]') as string[];
      const source = built[entry ?? ''] ?? '';
      expect(source, `${target}: ${entry}`).not.toBe('');
      expect(existsSync(join(repoRoot, source)), source).toBe(true);
    }
  });

  it('copies the manifest of every workspace package before installing (so the lockfile installs whole)', () => {
    const workspace = parse(readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8')) as {
      packages: string[];
    };
    const copied = new Set(
      dockerfile
        .getCOPYs()
        .flatMap((c) =>
          c
            .getArguments()
            .slice(0, -1)
            .map((a) => a.getValue()),
        )
        .filter((v) => v.endsWith('package.json')),
    );
    const packageDirs = workspace.packages.flatMap((glob) => {
      if (!glob.endsWith('/*')) return [glob];
      const parent = glob.slice(0, -2);
      return readdirSync(join(repoRoot, parent))
        .map((name) => `${parent}/${name}`)
        .filter((dir) => existsSync(join(repoRoot, dir, 'package.json')));
    });
    for (const dir of packageDirs) expect(copied, dir).toContain(`${dir}/package.json`);
    for (const source of copied) expect(existsSync(join(repoRoot, source)), source).toBe(true);
  });

  it('keeps local state and build outputs out of the build context (.dockerignore)', () => {
    const ignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8');
    for (const entry of [
      '**/node_modules',
      '**/dist',
      '**/.next',
      '.assay-data',
      '.git',
      '.tooling',
    ]) {
      expect(ignore.split('\n')).toContain(entry);
    }
  });
});
