#!/usr/bin/env node
// Generates the Prisma client into src/generated/prisma (git-ignored), skipping the work when the
// schema and the Prisma version are unchanged since the last run.
//
// `prisma generate` would try to download the schema-engine binary; it does not need it, so
// PRISMA_SCHEMA_ENGINE_BINARY=/bin/true is set for this command only (see docs on the toolchain in the README).
// Never set that variable for `prisma migrate …`: it makes `migrate deploy` report success while
// applying nothing. Migrations go through src/db/ (the schema engine compiled to WebAssembly).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaPath = join(root, 'prisma', 'schema.prisma');
const outDir = join(root, 'src', 'generated', 'prisma');
const stampPath = join(outDir, '.schema-hash');

const require = createRequire(import.meta.url);
const prismaVersion = JSON.parse(
  readFileSync(require.resolve('prisma/package.json'), 'utf8'),
).version;
const hash = createHash('sha256')
  .update(readFileSync(schemaPath))
  .update(`\0${prismaVersion}`)
  .digest('hex');

const force = process.argv.includes('--force');
if (!force && existsSync(join(outDir, 'client.ts')) && existsSync(stampPath)) {
  if (readFileSync(stampPath, 'utf8').trim() === hash) process.exit(0);
}

const prismaBin = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
const result = spawnSync(process.execPath, [prismaBin, 'generate', '--schema', schemaPath], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
if (result.status !== 0) {
  console.error(`prisma generate failed (exit ${result.status ?? result.signal})`);
  process.exit(result.status ?? 1);
}
writeFileSync(stampPath, `${hash}\n`);
