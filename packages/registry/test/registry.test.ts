import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrateCli } from '../src/cli/run-migrate-cli.js';
import type { RegistryContext } from '../src/context.js';
import { applyMigrations } from '../src/db/apply-migrations.js';
import { pgliteMigrationAdapter, postgresMigrationAdapter } from '../src/db/migration-adapters.js';
import { noSchemaFilter, withSchemaEngine } from '../src/db/schema-engine.js';
import { type ModelVersion, migrate, openRegistry } from '../src/index.js';
import { migrationsDir, schemaPath } from '../src/paths.js';
import { create as createVersion } from '../src/versions/create-version.js';
import { type BackendFixture, backends, createTestDatabase } from './backends.js';
import { bytesOf, expectRegistryError, sha256, unique } from './helpers.js';
import { abTestSuite } from './suites/ab-tests.js';
import { aliasSuite } from './suites/aliases.js';
import { apiNeedsSuite } from './suites/api-needs.js';
import { artifactGcSuite } from './suites/artifact-gc.js';
import { autoMlRunSuite } from './suites/automl-runs.js';
import { bulkInsertSuite } from './suites/bulk-insert.js';
import { datasetSuite } from './suites/datasets.js';
import { evaluationSuite } from './suites/evaluations.js';
import { gateSuite } from './suites/gates.js';
import { jobSuite } from './suites/jobs.js';
import { reviewSuite } from './suites/reviews.js';
import { rlRunSuite } from './suites/rl-runs.js';
import { runSuite } from './suites/runs.js';
import { s3ArtifactSuite } from './suites/s3-artifacts.js';
import { shadowTestSuite } from './suites/shadow-tests.js';
import { turingStudySuite } from './suites/turing-studies.js';
import { expectedSummaries, STORED_POINTS, SUMMARY_ROWS } from './summaries.js';

/**
 * One in-memory PGlite, migrated with the committed migrations, shared by the tests that need a
 * second database (creating a PGlite costs seconds).
 */
let referencePromise: Promise<PGlite> | undefined;
function referenceDatabase(): Promise<PGlite> {
  referencePromise ??= (async () => {
    const pglite = await PGlite.create();
    await applyMigrations(
      pgliteMigrationAdapter(pglite),
      async (sql) => (await pglite.query(sql)).rows as never[],
    );
    return pglite;
  })();
  return referencePromise;
}

afterAll(async () => {
  await (await referencePromise)?.close();
});

const REGISTRY_TABLES = [
  '_prisma_migrations',
  'api_keys',
  'audit_logs',
  'datasets',
  'evaluations',
  'jobs',
  'metric_log_requests',
  'model_versions',
  'projects',
  'registered_models',
];

describe.each(backends)('registry on $name', (backend) => {
  let f: BackendFixture;

  beforeAll(async () => {
    f = await backend.setUp();
  });

  afterAll(async () => {
    await f?.tearDown();
  });

  const newProject = async () => f.registry.projects.create({ name: unique('proj') });
  const newModel = async () => {
    const project = await newProject();
    const model = await f.registry.models.register({
      projectId: project.id,
      name: unique('model'),
    });
    return { project, model };
  };

  aliasSuite(() => f);
  runSuite(() => f);
  apiNeedsSuite(() => f);
  evaluationSuite(() => f);
  datasetSuite(() => f);
  jobSuite(() => f);
  artifactGcSuite(() => f);
  s3ArtifactSuite(() => f);
  gateSuite(() => f);
  shadowTestSuite(() => f);
  abTestSuite(() => f);
  rlRunSuite(() => f);
  autoMlRunSuite(() => f);
  bulkInsertSuite(() => f);
  reviewSuite(() => f);
  turingStudySuite(() => f);

  describe('migrations', () => {
    it('create every table and record every migration as finished', async () => {
      const tables = await f.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
      );
      expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(REGISTRY_TABLES));
      const folder = (await readdir(migrationsDir, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
      const recorded = await f.query<{ migration_name: string; finished: boolean }>(
        `SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name`,
      );
      expect(recorded).toEqual(folder.map((name) => ({ migration_name: name, finished: true })));
    });

    it('build exactly the schema.prisma database (empty schema-engine diff), identically on this backend', async () => {
      // The wasm engine cannot introspect through @prisma/adapter-pg ("Column type 'char' could not
      // be deserialized"), so the diff runs on a PGlite copy migrated the same way, and the live
      // database's catalogue must equal the copy's.
      const schema = await readFile(schemaPath, 'utf8');
      const copy = await referenceDatabase();
      const copyQuery = async <T>(sql: string) => (await copy.query(sql)).rows as T[];
      expect(await diffLiveDatabase(pgliteMigrationAdapter(copy), schema)).toMatch(
        /^\s*(--[^\n]*\n?\s*)*$/,
      );
      expect(await describeCatalogue((sql) => f.query(sql))).toEqual(
        await describeCatalogue(copyQuery),
      );
    });

    it('are a no-op when run again, and committed data survives a reopen', async () => {
      const project = await newProject();
      const before = await f.query<{ n: bigint }>(`SELECT count(*) AS n FROM _prisma_migrations`);
      if (backend.name === 'postgres') {
        expect(await migrate({ databaseUrl: f.databaseUrl as string })).toEqual({ applied: [] });
      }
      f = await f.reopen();
      const after = await f.query<{ n: bigint }>(`SELECT count(*) AS n FROM _prisma_migrations`);
      expect(after).toEqual(before);
      expect(await f.registry.projects.getById(project.id)).toEqual(project);
    });
  });

  it('ping answers', async () => {
    await expect(f.registry.ping()).resolves.toBeUndefined();
    expect(f.registry.backend).toBe(backend.name);
  });

  it('round-trips a project, a key, a model and a version', async () => {
    const project = await f.registry.projects.create(
      { name: unique('churn'), description: 'Churn models' },
      'alice',
    );
    expect(project).toMatchObject({ description: 'Churn models' });
    expect(new Date(project.createdAt).toISOString()).toBe(project.createdAt);
    expect(await f.registry.projects.getByName(project.name)).toEqual(project);
    expect(await f.registry.projects.getById(project.id)).toEqual(project);
    expect(await f.registry.projects.getByName(unique('absent'))).toBeNull();
    expect(await f.registry.projects.getById('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await f.registry.projects.getById('not-a-uuid')).toBeNull();

    const { key, apiKey } = await f.registry.apiKeys.create(
      { projectId: project.id, role: 'editor', name: 'ci' },
      'alice',
    );
    expect(key).toMatch(/^assay_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({
      projectId: project.id,
      role: 'editor',
      name: 'ci',
      revokedAt: null,
    });
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey).not.toHaveProperty('keyHash');
    expect(await f.registry.apiKeys.authenticate(key)).toEqual(apiKey);

    const model = await f.registry.models.register(
      {
        projectId: project.id,
        name: 'churn-xgb',
        description: 'gradient boosting',
        tags: { team: 'growth' },
      },
      'alice',
    );
    expect(model).toMatchObject({
      projectId: project.id,
      name: 'churn-xgb',
      tags: { team: 'growth' },
    });
    expect(await f.registry.models.get(project.id, 'churn-xgb')).toEqual(model);
    expect(await f.registry.models.get(project.id, 'nope')).toBeNull();

    const artifact = bytesOf(JSON.stringify({ weights: [0.1, 0.2, 0.3] }));
    const version = await f.registry.versions.create({
      projectId: project.id,
      modelName: 'churn-xgb',
      format: 'json',
      artifact,
      expectedSha256: sha256(artifact),
      description: 'first',
      tags: { stage: 'dev' },
      createdBy: 'alice',
    });
    expect(version).toMatchObject({
      modelId: model.id,
      projectId: project.id,
      modelName: 'churn-xgb',
      number: 1,
      format: 'json',
      sha256: sha256(artifact),
      sizeBytes: artifact.byteLength,
      storageKey: `sha256/${sha256(artifact).slice(0, 2)}/${sha256(artifact).slice(2)}`,
      description: 'first',
      tags: { stage: 'dev' },
      createdBy: 'alice',
    });
    expect(await f.registry.versions.get(project.id, 'churn-xgb', 1)).toEqual(version);
    expect(await f.registry.versions.get(project.id, 'churn-xgb', 2)).toBeNull();
    expect(await f.registry.versions.readArtifact(version)).toEqual(artifact);

    const listed = await f.registry.models.list(project.id);
    expect(listed).toEqual({
      items: [{ ...model, updatedAt: expect.any(String), versions: [version] }],
      nextCursor: null,
    });

    const audit = await f.query<{ actor: string; action: string; entity_id: string }>(
      `SELECT actor, action, entity_id FROM audit_logs WHERE project_id = $1::uuid ORDER BY id`,
      project.id,
    );
    expect(audit).toEqual([
      { actor: 'alice', action: 'project.create', entity_id: project.id },
      { actor: 'alice', action: 'api_key.create', entity_id: apiKey.id },
      { actor: 'alice', action: 'model.register', entity_id: model.id },
      { actor: 'alice', action: 'model_version.create', entity_id: version.id },
    ]);
  });

  it('streams an artifact given as chunks', async () => {
    const { project, model } = await newModel();
    const chunks = [bytesOf('part one, '), bytesOf('part two, '), new Uint8Array(100_000).fill(7)];
    async function* stream() {
      for (const chunk of chunks) yield chunk;
    }
    const whole = Buffer.concat(chunks);
    const version = await f.registry.versions.create({
      projectId: project.id,
      modelName: model.name,
      format: 'onnx',
      artifact: stream(),
    });
    expect(version.sha256).toBe(sha256(whole));
    expect(version.sizeBytes).toBe(whole.byteLength);
    expect(Buffer.from(await f.registry.versions.readArtifact(version)).equals(whole)).toBe(true);
  });

  describe('API keys', () => {
    it('store only the sha256 of the key, never the plaintext', async () => {
      const project = await newProject();
      const { key, apiKey } = await f.registry.apiKeys.create({
        projectId: project.id,
        role: 'admin',
      });
      const rows = await f.query<Record<string, unknown>>(
        `SELECT * FROM api_keys WHERE id = $1::uuid`,
        apiKey.id,
      );
      expect(rows).toHaveLength(1);
      const row = rows[0] as Record<string, unknown>;
      expect(row.key_hash).toBe(sha256(key));
      for (const value of Object.values(row)) {
        if (typeof value === 'string')
          expect(value.includes(key.slice(API_PREFIX_LENGTH))).toBe(false);
      }
      const audit = await f.query<{ details: unknown }>(
        `SELECT details FROM audit_logs WHERE entity_id = $1`,
        apiKey.id,
      );
      expect(JSON.stringify(audit)).not.toContain(key.slice(API_PREFIX_LENGTH));
    });

    it('fail authentication once revoked, and for unknown or malformed keys', async () => {
      const project = await newProject();
      const before = await f.registry.apiKeys.count();
      const { key, apiKey } = await f.registry.apiKeys.create({
        projectId: project.id,
        role: 'viewer',
      });
      expect(await f.registry.apiKeys.count()).toBe(before + 1);
      expect(await f.registry.apiKeys.authenticate(key)).not.toBeNull();
      await f.registry.apiKeys.revoke(apiKey.id, 'bob');
      expect(await f.registry.apiKeys.authenticate(key)).toBeNull();
      await f.registry.apiKeys.revoke(apiKey.id, 'bob'); // idempotent
      expect(await f.registry.apiKeys.count()).toBe(before + 1);
      expect(await f.registry.apiKeys.authenticate(`assay_${'A'.repeat(43)}`)).toBeNull();
      expect(await f.registry.apiKeys.authenticate('')).toBeNull();
      expect(await f.registry.apiKeys.authenticate(`${key}x`)).toBeNull();
      await expectRegistryError(
        f.registry.apiKeys.revoke('00000000-0000-4000-8000-000000000000'),
        'not_found',
      );
      await expectRegistryError(
        f.registry.apiKeys.create({
          projectId: '00000000-0000-4000-8000-000000000000',
          role: 'admin',
        }),
        'not_found',
      );
      await expectRegistryError(
        f.registry.apiKeys.create({ projectId: project.id, role: 'root' as 'admin' }),
        'invalid',
      );
      const revocations = await f.query<{ actor: string }>(
        `SELECT actor FROM audit_logs WHERE action = 'api_key.revoke' AND entity_id = $1`,
        apiKey.id,
      );
      expect(revocations).toEqual([{ actor: 'bob' }]);
    });
  });

  describe('pagination', () => {
    it('walks models and versions with cursors, without gaps or repeats', async () => {
      const project = await newProject();
      const names = ['m-a', 'm-b', 'm-c', 'm-d', 'm-e'];
      for (const name of [...names].reverse()) {
        await f.registry.models.register({ projectId: project.id, name });
      }
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await f.registry.models.list(project.id, { limit: 2, cursor });
        seen.push(...page.items.map((item) => item.name));
        sizes.push(page.items.length);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(seen).toEqual(names);
      expect(sizes).toEqual([2, 2, 1]);

      for (let i = 1; i <= 5; i += 1) {
        await f.registry.versions.create({
          projectId: project.id,
          modelName: 'm-a',
          format: 'json',
          artifact: bytesOf(`v${i}`),
        });
      }
      const first = await f.registry.versions.list(project.id, 'm-a', { limit: 2 });
      expect(first.items.map((v) => v.number)).toEqual([5, 4]);
      const second = await f.registry.versions.list(project.id, 'm-a', {
        limit: 2,
        cursor: first.nextCursor ?? undefined,
      });
      expect(second.items.map((v) => v.number)).toEqual([3, 2]);
      const third = await f.registry.versions.list(project.id, 'm-a', {
        limit: 2,
        cursor: second.nextCursor ?? undefined,
      });
      expect(third).toMatchObject({ nextCursor: null });
      expect(third.items.map((v) => v.number)).toEqual([1]);
      expect((await f.registry.versions.list(project.id, 'm-a')).items).toHaveLength(5);
    });

    it('walks projects in name order', async () => {
      const stem = unique('page');
      const mine = [`${stem}-1`, `${stem}-2`, `${stem}-3`];
      for (const name of mine) await f.registry.projects.create({ name });
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await f.registry.projects.list({ limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        all.push(...page.items.map((p) => p.name));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(all.filter((name) => name.startsWith(stem))).toEqual(mine);
      expect(new Set(all).size).toBe(all.length);
    });

    it('rejects bad limits and foreign or forged cursors', async () => {
      const { project, model } = await newModel();
      await expectRegistryError(f.registry.projects.list({ limit: 0 }), 'invalid');
      await expectRegistryError(f.registry.projects.list({ limit: 501 }), 'invalid');
      await expectRegistryError(f.registry.projects.list({ cursor: 'garbage!' }), 'invalid');
      const projectsPage = await f.registry.projects.list({ limit: 1 });
      expect(projectsPage.nextCursor).not.toBeNull();
      await expectRegistryError(
        f.registry.versions.list(project.id, model.name, {
          cursor: projectsPage.nextCursor ?? undefined,
        }),
        'invalid',
      );
      expect((await f.registry.projects.list({ limit: 500 })).items.length).toBeLessThanOrEqual(
        500,
      );
    });
  });

  describe('conflicts and missing entities', () => {
    it('rejects a duplicate project or model name with conflict', async () => {
      const project = await newProject();
      await expectRegistryError(f.registry.projects.create({ name: project.name }), 'conflict');
      await f.registry.models.register({ projectId: project.id, name: 'dup' });
      const error = await expectRegistryError(
        f.registry.models.register({ projectId: project.id, name: 'dup' }),
        'conflict',
      );
      expect(error.message).toContain('dup');
      const other = await newProject();
      await expect(
        f.registry.models.register({ projectId: other.id, name: 'dup' }),
      ).resolves.toMatchObject({ name: 'dup' });
      const audit = await f.query<{ n: bigint }>(
        `SELECT count(*) AS n FROM audit_logs WHERE project_id = $1::uuid AND action = 'model.register'`,
        project.id,
      );
      expect(Number(audit[0]?.n)).toBe(1);
    });

    it('reports unknown projects and models as not_found', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      await expectRegistryError(
        f.registry.models.register({ projectId: missing, name: 'x' }),
        'not_found',
      );
      await expectRegistryError(f.registry.models.list(missing), 'not_found');
      const project = await newProject();
      await expectRegistryError(
        f.registry.versions.create({
          projectId: project.id,
          modelName: 'ghost',
          format: 'json',
          artifact: bytesOf('x'),
        }),
        'not_found',
      );
      await expectRegistryError(f.registry.versions.list(project.id, 'ghost'), 'not_found');
      expect(await f.registry.versions.get(project.id, 'ghost', 1)).toBeNull();
    });
  });

  describe('artifact integrity', () => {
    it('detects a corrupted or missing artifact on read', async () => {
      const { project, model } = await newModel();
      const version = await f.registry.versions.create({
        projectId: project.id,
        modelName: model.name,
        format: 'tfjs',
        artifact: bytesOf(`weights ${unique('w')}`),
      });
      const path = join(f.artifactDir, version.storageKey);
      await writeFile(path, 'tampered');
      const error = await expectRegistryError(
        f.registry.versions.readArtifact(version),
        'integrity',
      );
      expect(error.message).toContain(version.sha256);
      await rm(path);
      await expectRegistryError(f.registry.versions.readArtifact(version), 'integrity');
    });

    it('rejects a sha256 mismatch with invalid, leaving no version, no audit entry and no file', async () => {
      const { project, model } = await newModel();
      const artifact = bytesOf(`real bytes ${unique('r')}`);
      const error = await expectRegistryError(
        f.registry.versions.create({
          projectId: project.id,
          modelName: model.name,
          format: 'json',
          artifact,
          expectedSha256: sha256('other bytes'),
        }),
        'invalid',
      );
      expect(error.message).toContain(sha256(artifact));
      expect((await f.registry.versions.list(project.id, model.name)).items).toEqual([]);
      const rows = await f.query<{ n: bigint }>(
        `SELECT count(*) AS n FROM model_versions WHERE model_id = $1::uuid`,
        model.id,
      );
      expect(Number(rows[0]?.n)).toBe(0);
      const audit = await f.query<{ n: bigint }>(
        `SELECT count(*) AS n FROM audit_logs WHERE project_id = $1::uuid AND action = 'model_version.create'`,
        project.id,
      );
      expect(Number(audit[0]?.n)).toBe(0);
      const hash = sha256(artifact);
      await expect(
        readFile(join(f.artifactDir, 'sha256', hash.slice(0, 2), hash.slice(2))),
      ).rejects.toThrow(/ENOENT/);
      expect(await readdir(join(f.artifactDir, 'tmp'))).toEqual([]);
      // The next successful version still gets number 1.
      const ok = await f.registry.versions.create({
        projectId: project.id,
        modelName: model.name,
        format: 'json',
        artifact,
      });
      expect(ok.number).toBe(1);
    });

    it('rejects an empty artifact', async () => {
      const { project, model } = await newModel();
      await expectRegistryError(
        f.registry.versions.create({
          projectId: project.id,
          modelName: model.name,
          format: 'json',
          artifact: new Uint8Array(),
        }),
        'invalid',
      );
    });
  });

  it('gives concurrent version creates distinct, gapless numbers', async () => {
    const { project, model } = await newModel();
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        f.registry.versions.create({
          projectId: project.id,
          modelName: model.name,
          format: 'json',
          artifact: bytesOf(`c${i}`),
        }),
      ),
    );
    expect(created.map((v) => v.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const page = await f.registry.versions.list(project.id, model.name);
    expect(page.items.map((v) => v.number)).toEqual(Array.from({ length: 12 }, (_, i) => 12 - i));
  });

  describe('path traversal', () => {
    const hostile = [
      '../x',
      '..',
      '%2e%2e',
      '%2e%2e%2fetc',
      'a/b',
      'a\\b',
      '/etc/passwd',
      'x\u0000y',
      'x#frag',
      'x?q=1',
      'C:\\x',
      '.hidden',
      '',
      'a'.repeat(129),
    ];

    it.each(hostile)('rejects the model name %j as invalid', async (name) => {
      const project = await newProject();
      await expectRegistryError(
        f.registry.models.register({ projectId: project.id, name }),
        'invalid',
      );
      await expectRegistryError(f.registry.projects.create({ name }), 'invalid');
      expect(await f.registry.models.get(project.id, name)).toBeNull();
      await expectRegistryError(
        f.registry.versions.create({
          projectId: project.id,
          modelName: name,
          format: 'json',
          artifact: bytesOf('x'),
        }),
        'invalid',
      );
    });

    it('derives storage keys from the checksum only and refuses forged ones', async () => {
      const { project, model } = await newModel();
      const version = await f.registry.versions.create({
        projectId: project.id,
        modelName: model.name,
        format: 'json',
        artifact: bytesOf('safe'),
      });
      expect(version.storageKey).toBe(
        `sha256/${version.sha256.slice(0, 2)}/${version.sha256.slice(2)}`,
      );
      const forged: ModelVersion = { ...version, storageKey: '../../../../etc/passwd' };
      await expectRegistryError(f.registry.versions.readArtifact(forged), 'integrity');
      const forgedHash: ModelVersion = {
        ...version,
        sha256: '../etc/passwd',
        storageKey: 'sha256/../etc/passwd',
      };
      await expectRegistryError(f.registry.versions.readArtifact(forgedHash), 'invalid');
    });
  });

  it('rejects a failing migration instead of recording it as applied', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'assay-migrations-'));
    await cp(migrationsDir, dir, { recursive: true });
    await mkdir(join(dir, '29990101000000_broken'));
    await writeFile(
      join(dir, '29990101000000_broken', 'migration.sql'),
      `CREATE TABLE half_done (v text DEFAULT 'a;b');\nSELECT * FROM no_such_table;\n`,
    );
    try {
      if (backend.name === 'postgres') {
        const database = await createTestDatabase('broken');
        const client = await import('pg').then(
          ({ default: pg }) => new pg.Client({ connectionString: database.url }),
        );
        await client.connect();
        try {
          const query = async (sql: string) => (await client.query(sql)).rows as never[];
          const error = await expectRegistryError(
            applyMigrations(postgresMigrationAdapter(database.url), query, { migrationsDir: dir }),
            'unavailable',
          );
          expect(error.message).toMatch(/29990101000000_broken.*no_such_table/s);
          expect(await query(`SELECT to_regclass('half_done')::text AS t`)).toEqual([{ t: null }]);
          expect(
            await query(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NULL`),
          ).toEqual([{ migration_name: '29990101000000_broken' }]);
        } finally {
          await client.end();
          await database.drop();
        }
      } else {
        // The shared reference database has every committed migration applied, like a real one.
        const pglite = await referenceDatabase();
        const query = async (sql: string) => (await pglite.query(sql)).rows as never[];
        const error = await expectRegistryError(
          applyMigrations(pgliteMigrationAdapter(pglite), query, { migrationsDir: dir }),
          'unavailable',
        );
        expect(error.message).toMatch(/29990101000000_broken.*no_such_table/s);
        expect(await query(`SELECT to_regclass('half_done')::text AS t`)).toEqual([{ t: null }]);
        expect(
          await query(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NULL`),
        ).toEqual([{ migration_name: '29990101000000_broken' }]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the metric_summaries migration backfills the envelope of the points logged before it', async () => {
    // The migrations before it, points written as they were then (steps out of order, logged
    // again, a step past 2^52, three keys), then every migration: the summary rows must be the
    // envelope recomputed from the points, as logging keeps it from then on.
    const names = (await readdir(migrationsDir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const ours = names.findIndex((n) => n.endsWith('_metric_summaries'));
    expect(ours).toBeGreaterThan(0);
    const dir = await mkdtemp(join(tmpdir(), 'assay-migrations-'));
    await cp(migrationsDir, dir, { recursive: true });
    for (const name of names.slice(ours)) await rm(join(dir, name), { recursive: true });
    const runId = '01900000-0000-7000-8000-000000000003';
    const seed = [
      `INSERT INTO projects (id, name) VALUES ('01900000-0000-7000-8000-000000000001', 'p')`,
      `INSERT INTO experiments (id, project_id, name)
         VALUES ('01900000-0000-7000-8000-000000000002', '01900000-0000-7000-8000-000000000001', 'e')`,
      `INSERT INTO runs (id, experiment_id) VALUES ('${runId}', '01900000-0000-7000-8000-000000000002')`,
      `INSERT INTO metric_points (run_id, key, step, value, "timestamp")
         SELECT '${runId}', 'k' || (g % 3),
                CASE WHEN g % 101 = 0 THEN 4503599627370496 + g ELSE (g * 7919) % 500 END,
                round(sin(g)::numeric, 2)::float8,
                timestamptz '2026-01-01T00:00:00Z' + g * interval '1 ms'
           FROM generate_series(1, 3000) AS g`,
    ];
    // Before: no table; then the backfill, checked against the envelope of the stored points.
    const check = async (
      query: (sql: string) => Promise<never[]>,
      migrateAll: () => Promise<unknown>,
    ) => {
      expect(await query(`SELECT to_regclass('metric_summaries')::text AS t`)).toEqual([
        { t: null },
      ]);
      for (const sql of seed) await query(sql);
      await migrateAll();
      const all = (sql: string) => query(sql.replaceAll('$1::uuid', `'${runId}'::uuid`));
      const points = await all(STORED_POINTS);
      expect(points).toHaveLength(3_000);
      expect(await all(SUMMARY_ROWS)).toEqual(expectedSummaries(points));
    };
    try {
      if (backend.name === 'postgres') {
        const database = await createTestDatabase('backfill');
        const client = await import('pg').then(
          ({ default: pg }) => new pg.Client({ connectionString: database.url }),
        );
        await client.connect();
        try {
          const query = async (sql: string) => (await client.query(sql)).rows as never[];
          const adapter = postgresMigrationAdapter(database.url);
          await applyMigrations(adapter, query, { migrationsDir: dir });
          await check(query, () => applyMigrations(adapter, query));
        } finally {
          await client.end();
          await database.drop();
        }
      } else {
        const pglite = await PGlite.create();
        try {
          const query = async (sql: string) => (await pglite.query(sql)).rows as never[];
          const adapter = pgliteMigrationAdapter(pglite);
          await applyMigrations(adapter, query, { migrationsDir: dir });
          await check(query, () => applyMigrations(adapter, query));
        } finally {
          await pglite.close();
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves no half-registered version when a registration dies between artifact write and insert', async () => {
    const { project, model } = await newModel();
    const db = f.ctx.db;
    const crashingDb = new Proxy(db, {
      get(target, property) {
        if (property === '$transaction') return () => Promise.reject(new Error('simulated crash'));
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const crashing: RegistryContext = { ...f.ctx, db: crashingDb };
    const artifact = bytesOf(`interrupted ${unique('i')}`);
    await expect(
      createVersion(crashing, {
        projectId: project.id,
        modelName: model.name,
        format: 'json',
        artifact,
      }),
    ).rejects.toThrow('simulated crash');
    const hash = sha256(artifact);
    // The blob reached the store (it was written first) but nothing refers to it: no version.
    await expect(
      readFile(join(f.artifactDir, 'sha256', hash.slice(0, 2), hash.slice(2))),
    ).resolves.toBeDefined();
    expect((await f.registry.versions.list(project.id, model.name)).items).toEqual([]);
    expect((await f.registry.models.list(project.id)).items[0]?.versions).toEqual([]);
    const rows = await f.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM model_versions WHERE sha256 = $1`,
      hash,
    );
    expect(rows).toEqual([{ n: 0 }]);
    const retried = await f.registry.versions.create({
      projectId: project.id,
      modelName: model.name,
      format: 'json',
      artifact,
    });
    expect(retried.number).toBe(1);
  });

  if (backend.name === 'embedded') {
    it('keeps every committed write after an unclean stop (SIGKILL) and takes over the stale lock', async () => {
      await f.registry.close();
      const name = unique('crash');
      const child = await new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          [new URL('./fixtures/write-then-crash.mjs', import.meta.url).pathname, f.dataDir, name],
          { timeout: 120_000 },
          (error, stdout) => {
            if (error !== null && error.signal !== 'SIGKILL') reject(error);
            else resolve(stdout);
          },
        );
      });
      const written = JSON.parse(child) as { projectId: string; versionId: string; runId: string };
      f = await f.reopen();
      const project = await f.registry.projects.getByName(name);
      expect(project?.id).toBe(written.projectId);
      const version = await f.registry.versions.get(written.projectId, 'crashy', 1);
      expect(version?.id).toBe(written.versionId);
      expect(
        new TextDecoder().decode(await f.registry.versions.readArtifact(version as ModelVersion)),
      ).toBe('{"committed":true}');
      expect(
        (await f.registry.aliases.get(written.projectId, 'crashy', 'production'))?.version,
      ).toBe(1);
      expect((await f.registry.runs.metricHistory(written.runId, 'loss')).items).toHaveLength(1000);
    });
  }

  if (backend.name === 'postgres') {
    it('refuses to open a PostgreSQL database whose migrations are not applied', async () => {
      const database = await createTestDatabase('unmigrated');
      try {
        const error = await expectRegistryError(
          openRegistry({ databaseUrl: database.url, dataDir: f.dataDir }),
          'unavailable',
        );
        expect(error.message).toContain('not migrated');
        expect(error.message).toContain('assay-migrate');
        const tables = await import('pg').then(async ({ default: pg }) => {
          const client = new pg.Client({ connectionString: database.url });
          await client.connect();
          try {
            return (
              await client.query(
                `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
              )
            ).rows;
          } finally {
            await client.end();
          }
        });
        expect(tables).toEqual([{ n: 0 }]);
      } finally {
        await database.drop();
      }
    });

    it('assay-migrate applies the migrations, then reports the database up to date', async () => {
      const database = await createTestDatabase('cli');
      try {
        const lines: string[] = [];
        const io = {
          out: (line: string) => lines.push(line),
          err: (line: string) => lines.push(`ERR ${line}`),
        };
        expect(await runMigrateCli([], { DATABASE_URL: database.url }, io)).toBe(0);
        expect(lines.join('\n')).toMatch(/applied \d+ migration\(s\)/);
        lines.length = 0;
        expect(await runMigrateCli(['--database-url', database.url], {}, io)).toBe(0);
        expect(lines).toEqual(['assay-migrate: the database is up to date; no migration applied.']);
        const registry = await openRegistry({ databaseUrl: database.url, dataDir: f.dataDir });
        await registry.close();
        lines.length = 0;
        expect(await runMigrateCli([], {}, io)).toBe(2);
        expect(lines[0]).toContain('DATABASE_URL');
      } finally {
        await database.drop();
      }
    });

    it('reports an unreachable server as unavailable', async () => {
      const error = await expectRegistryError(
        openRegistry({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/none', dataDir: f.dataDir }),
        'unavailable',
      );
      expect(error.message).toContain('127.0.0.1:1');
    });
  } else {
    it('locks the data directory against a second open', async () => {
      const error = await expectRegistryError(openRegistry({ dataDir: f.dataDir }), 'unavailable');
      expect(error.message).toContain('already open');
    });
  }
});

/** Tables, columns, indexes and constraints of the current schema, in a comparable form. */
async function describeCatalogue(query: <T>(sql: string) => Promise<T[]>): Promise<unknown> {
  const columns = await query(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length
       FROM information_schema.columns WHERE table_schema = current_schema()
      ORDER BY table_name, column_name`,
  );
  const indexes = await query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`,
  );
  const constraints = await query(
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE connamespace = current_schema()::regnamespace AND contype IN ('p', 'f', 'u', 'c', 'x')
      ORDER BY conname`,
  );
  const enums = await query(
    `SELECT t.typname, e.enumlabel, e.enumsortorder::float8 AS sort FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE t.typnamespace = current_schema()::regnamespace ORDER BY t.typname, e.enumsortorder`,
  );
  return JSON.parse(
    JSON.stringify({ columns, indexes, constraints, enums }, (_key, value) =>
      typeof value === 'bigint' ? Number(value) : value,
    ),
  );
}

const API_PREFIX_LENGTH = 'assay_'.length + 6;

async function diffLiveDatabase(
  adapter: Parameters<typeof withSchemaEngine>[0],
  schema: string,
): Promise<string> {
  return withSchemaEngine(adapter, schema, async (engine) => {
    const result = await engine.diff({
      from: {
        tag: 'schemaDatasource',
        files: [{ path: 'schema.prisma', content: schema }],
        configDir: '.',
      },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
      script: true,
      exitCode: null,
      filters: noSchemaFilter,
    });
    return result.stdout ?? '';
  });
}

describe('openRegistry options', () => {
  it('rejects a database URL that is not PostgreSQL', async () => {
    await expectRegistryError(
      openRegistry({ databaseUrl: 'mysql://root@localhost/db' }),
      'invalid',
    );
    await expectRegistryError(migrate({ databaseUrl: 'file:./dev.db' }), 'invalid');
  });
});
