import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { apiEnvNames, webEnvNames } from '../src/env-names.js';
import { repoRoot } from '../src/render-kustomize.js';

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string; target: string };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
};

const compose = parse(readFileSync(join(repoRoot, 'infra/compose.yaml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, Service> };
const services = compose.services;
const stages = DockerfileParser.parse(
  readFileSync(join(repoRoot, 'infra/images/Dockerfile'), 'utf8'),
)
  .getFROMs()
  .map((f) => f.getBuildStage());

describe('infra/compose.yaml', () => {
  it('runs the whole platform: stores, queue, one-shot migration and bucket, API, workers, portal', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'create-bucket', 'migrate', 'minio', 'postgres', 'redis', 'web', 'worker'].sort(),
    );
    for (const name of ['api', 'worker']) {
      expect(services[name]?.depends_on).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        'create-bucket': { condition: 'service_completed_successfully' },
      });
    }
  });

  it('builds Assay from the Dockerfile stages, and pins every third-party image', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.build) {
        expect(s.build.dockerfile, name).toBe('infra/images/Dockerfile');
        expect(stages, name).toContain(s.build.target);
      } else {
        // a release tag, never latest or a bare major version
        expect(s.image, name).toMatch(/:(\d+\.\d+(\.\d+)?(-[a-z]+)?|RELEASE\.[0-9TZ-]+)$/);
      }
    }
  });

  it('sets only the environment variables each app reads (apps/api/src/env.ts, apps/web/lib/env.ts)', () => {
    const api = apiEnvNames();
    const web = webEnvNames();
    for (const name of ['api', 'worker', 'migrate']) {
      for (const key of Object.keys(services[name]?.environment ?? {})) {
        expect(api.has(key), `${name}: ${key}`).toBe(true);
      }
    }
    for (const key of Object.keys(services.web?.environment ?? {})) {
      expect(web.has(key), `web: ${key}`).toBe(true);
    }
    // the API and workers share the same store, queue and bucket settings
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'ASSAY_S3_BUCKET', 'ASSAY_S3_ENDPOINT']) {
      expect(services.worker?.environment?.[key], key).toBe(services.api?.environment?.[key]);
    }
  });

  it('checks the health of every long-running service it waits on', () => {
    for (const name of ['postgres', 'redis', 'minio']) {
      expect(services[name]?.healthcheck, name).toBeDefined();
    }
  });
});
