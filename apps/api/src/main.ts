import { resolve } from 'node:path';
import { tensorflowBackendName } from '@assay/core';
import { openRegistry } from '@assay/registry';
import { Logger } from '@nestjs/common';
import { ensureFirstKey } from './bootstrap/ensure-first-key.js';
import { readEnv } from './env.js';
import { createApp } from './server.js';

const log = new Logger('Assay');

async function main(): Promise<void> {
  const env = readEnv();
  const dataDir = resolve(env.ASSAY_DATA_DIR);
  const registry = await openRegistry({
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    dataDir,
    ...(env.ASSAY_ARTIFACT_DIR ? { artifactDir: resolve(env.ASSAY_ARTIFACT_DIR) } : {}),
  });
  const first = await ensureFirstKey(registry, env.ASSAY_BOOTSTRAP_PROJECT);
  const app = await createApp({
    env,
    registry,
    tensorflowBackend: await tensorflowBackendName(),
  });
  await app.listen(env.PORT, env.ASSAY_API_HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://${env.ASSAY_API_HOST}:${port}`;

  // Machine-readable lines first (tests and the launcher read them), then the human summary.
  console.log(`ASSAY_API_URL=${url}`);
  if (first) console.log(`ASSAY_FIRST_API_KEY=${first.key}`);
  console.log(
    `API ready at ${url} (docs ${url}/docs, OpenAPI ${url}/openapi.json; database: ${registry.backend === 'embedded' ? `embedded in ${dataDir}` : 'PostgreSQL'})`,
  );
  if (first) {
    console.log(
      `First admin API key for project '${first.project}' (shown once, store it now): ${first.key}`,
    );
  }

  const stop = async (signal: string) => {
    console.log(`${signal}: finishing in-flight requests and closing`);
    await app.close();
    await registry.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  log.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
