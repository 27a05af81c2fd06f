import { resolve } from 'node:path';
import { tensorflowBackendName } from '@assay/core';
import { openRegistry } from '@assay/registry';
import { readEnv, s3Options } from './env.js';
import { ensureFirstKey } from './first-key/ensure-first-key.js';
import { AppLogger } from './observability/logger.js';
import { exitOnStartupFailure, stopOnSignals } from './process-lifecycle.js';
import { createApp } from './server.js';

async function main(): Promise<void> {
  const env = readEnv();
  const logger = new AppLogger(env.ASSAY_LOG_FORMAT, env.ASSAY_LOG_LEVEL);
  const dataDir = resolve(env.ASSAY_DATA_DIR);
  const s3 = s3Options(env);
  const registry = await openRegistry({
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    dataDir,
    ...(env.ASSAY_ARTIFACT_DIR ? { artifactDir: resolve(env.ASSAY_ARTIFACT_DIR) } : {}),
    ...(s3 ? { s3 } : {}),
  });
  const first = await ensureFirstKey(registry, env.ASSAY_BOOTSTRAP_PROJECT, env.ASSAY_ADMIN_KEY);
  const app = await createApp({
    env,
    registry,
    tensorflowBackend: await tensorflowBackendName(),
    logger,
  });
  await app.listen(env.PORT, env.ASSAY_API_HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://${env.ASSAY_API_HOST}:${port}`;

  // Plain `NAME=value` lines that the launcher and tests read. The first key is printed here,
  // once, and never written to the structured log.
  process.stdout.write(`ASSAY_API_URL=${url}\n`);
  if (first?.supplied) {
    process.stdout.write(
      `The first admin API key of project '${first.project}' is the value of ASSAY_ADMIN_KEY\n`,
    );
  } else if (first) {
    process.stdout.write(`ASSAY_FIRST_API_KEY=${first.key}\n`);
    process.stdout.write(
      `First admin API key for project '${first.project}' (shown once, store it now): ${first.key}\n`,
    );
  }
  logger.info('API ready', {
    url,
    docs: `${url}/docs`,
    openapi: `${url}/openapi.json`,
    database: registry.backend === 'embedded' ? `embedded in ${dataDir}` : 'postgres',
  });

  stopOnSignals(logger, 'shutting down: finishing in-flight requests and jobs', async () => {
    await app.close();
    await registry.close();
  });
}

main().catch(exitOnStartupFailure('API'));
