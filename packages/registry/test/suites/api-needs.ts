import { describe, expect, it } from 'vitest';
import type { MetricPointInput } from '../../src/index.js';
import type { BackendFixture } from '../backends.js';
import { bytesOf, expectRegistryError, sha256, unique } from '../helpers.js';

/**
 * What the API needs of the registry (issue 5, last round): caller-supplied API keys, key
 * listing, idempotent metric logging, version lineage and signatures. Run on every backend.
 */
export function apiNeedsSuite(fixture: () => BackendFixture): void {
  const newProject = async () => fixture().registry.projects.create({ name: unique('api-proj') });
  const suppliedKey = (fill: string, length = 40) => `assay_${fill.repeat(length)}`;

  describe('text the database cannot store', () => {
    it('a NUL in a text column or in JSON is an invalid RegistryError, not a database error', async () => {
      const f = fixture();
      const project = await newProject();
      await expectRegistryError(
        f.registry.models.register({ projectId: project.id, name: 'nul', description: 'a\u0000b' }),
        'invalid',
      );
      await expectRegistryError(
        f.registry.jobs.create({
          projectId: project.id,
          kind: 'evaluation',
          input: { a: '\u0000' },
        }),
        'invalid',
      );
    });
  });

  describe('API keys: caller-supplied plaintext and listing', () => {
    it('apiKeys.create({ key }) stores the supplied key (hashed) and authenticates it', async () => {
      const f = fixture();
      const project = await newProject();
      const plaintext = `assay_${unique('admin').replace(/[^A-Za-z0-9_-]/g, '_')}_${'k'.repeat(32)}`;
      const { key, apiKey } = await f.registry.apiKeys.create(
        { projectId: project.id, role: 'admin', name: 'bootstrap', key: plaintext },
        'bootstrap',
      );
      expect(key).toBe(plaintext);
      expect(apiKey).toMatchObject({ role: 'admin', prefix: plaintext.slice(0, 12) });
      expect(await f.registry.apiKeys.authenticate(plaintext)).toEqual(apiKey);
      const [row] = await f.query<{ key_hash: string }>(
        `SELECT key_hash FROM api_keys WHERE id = $1::uuid`,
        apiKey.id,
      );
      expect(row?.key_hash).toBe(sha256(plaintext));
    });

    it('apiKeys.create({ key }) accepts 32 and 200 characters after the prefix, rejects the rest without echoing the key', async () => {
      const f = fixture();
      const project = await newProject();
      for (const ok of [suppliedKey('a', 32), suppliedKey('B', 200), `assay_${'-_09'.repeat(8)}`]) {
        const created = await f.registry.apiKeys.create({
          projectId: project.id,
          role: 'viewer',
          key: ok,
        });
        expect(created.key).toBe(ok);
      }
      for (const bad of [
        suppliedKey('c', 31),
        suppliedKey('d', 201),
        `ASSAY_${'e'.repeat(40)}`,
        `key_${'f'.repeat(40)}`,
        `assay_${'g'.repeat(39)}=`,
        `assay_${'h'.repeat(39)}+`,
        `assay_${'i'.repeat(39)} `,
        '',
      ]) {
        const error = await expectRegistryError(
          f.registry.apiKeys.create({ projectId: project.id, role: 'viewer', key: bad }),
          'invalid',
        );
        expect(error.message).toMatch(/key must be "assay_" followed by 32 to 200 base64url/);
        if (bad.length > 6) expect(error.message).not.toContain(bad.slice(6));
      }
    });

    it('apiKeys.create({ key }) with an existing key fails with conflict, even in another project or once revoked', async () => {
      const f = fixture();
      const [p1, p2] = [await newProject(), await newProject()];
      const plaintext = suppliedKey(`${Date.now().toString(36)}x`.slice(0, 9), 5);
      const first = await f.registry.apiKeys.create({
        projectId: p1.id,
        role: 'admin',
        key: plaintext,
      });
      const duplicate = await expectRegistryError(
        f.registry.apiKeys.create({ projectId: p2.id, role: 'viewer', key: plaintext }),
        'conflict',
      );
      expect(duplicate.message).toMatch(/already exists/);
      expect(duplicate.message).not.toContain(plaintext.slice(6));
      await f.registry.apiKeys.revoke(first.apiKey.id);
      await expectRegistryError(
        f.registry.apiKeys.create({ projectId: p1.id, role: 'admin', key: plaintext }),
        'conflict',
      );
      expect(await f.registry.apiKeys.authenticate(plaintext)).toBeNull();
    });

    it('apiKeys.list(projectId, page) lists a project’s keys newest first, revoked included, without hashes', async () => {
      const f = fixture();
      const project = await newProject();
      const other = await newProject();
      await f.registry.apiKeys.create({ projectId: other.id, role: 'admin' });
      const created = [];
      for (const role of ['viewer', 'editor', 'admin'] as const) {
        created.push((await f.registry.apiKeys.create({ projectId: project.id, role })).apiKey);
      }
      await f.registry.apiKeys.revoke(created[0]?.id as string);
      const first = await f.registry.apiKeys.list(project.id, { limit: 2 });
      expect(first.items.map((k) => k.role)).toEqual(['admin', 'editor']);
      const second = await f.registry.apiKeys.list(project.id, {
        limit: 2,
        cursor: first.nextCursor ?? undefined,
      });
      expect(second.nextCursor).toBeNull();
      expect(second.items).toHaveLength(1);
      expect(second.items[0]).toMatchObject({ id: created[0]?.id, revokedAt: expect.any(String) });
      for (const item of [...first.items, ...second.items]) {
        expect(Object.keys(item).sort()).toEqual(
          ['createdAt', 'id', 'name', 'prefix', 'projectId', 'revokedAt', 'role'].sort(),
        );
      }
      expect((await f.registry.apiKeys.list(other.id)).items).toHaveLength(1);
      await expectRegistryError(
        f.registry.apiKeys.list('00000000-0000-4000-8000-000000000000'),
        'not_found',
      );
      await expectRegistryError(f.registry.apiKeys.list('nope'), 'not_found');
      await expectRegistryError(
        f.registry.apiKeys.list(project.id, { cursor: first.nextCursor?.replace(/.$/, '') }),
        'invalid',
      );
    });
  });

  describe('idempotent metric logging', () => {
    const setUpRun = async () => {
      const f = fixture();
      const project = await newProject();
      const experiment = await f.registry.experiments.create({
        projectId: project.id,
        name: 'idem',
      });
      const run = await f.registry.runs.create({ experimentId: experiment.id });
      const count = async () => {
        const [row] = await f.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM metric_points WHERE run_id = $1::uuid`,
          run.id,
        );
        return row?.n;
      };
      return { f, project, run, count };
    };
    const batch = (n: number, offset = 0): MetricPointInput[] =>
      Array.from({ length: n }, (_, i) => ({ key: 'loss', value: 1 / (i + 1), step: i + offset }));

    it('logMetrics(run, points, actor, { idempotencyKey }) twice stores the points once and returns the first result', async () => {
      const { f, run, count } = await setUpRun();
      // No timestamps: the default ("now") differs between the calls but is not part of the request.
      const points = batch(100);
      const options = { idempotencyKey: 'nb-cell-7:attempt' };
      const first = await f.registry.runs.logMetrics(run.id, points, 'nb', options);
      expect(first).toEqual({ count: 100 });
      const again = await f.registry.runs.logMetrics(run.id, batch(100), 'nb', options);
      expect(again).toEqual(first);
      expect(await count()).toBe(100);
      const audits = await f.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_logs WHERE action = 'metrics.log' AND entity_id = $1`,
        run.id,
      );
      expect(audits).toEqual([{ n: 1 }]);
      // Without a key, or with another key, the same points are stored again (on purpose).
      await f.registry.runs.logMetrics(run.id, points);
      await f.registry.runs.logMetrics(run.id, points, 'nb', { idempotencyKey: 'other' });
      expect(await count()).toBe(300);
    });

    it('logMetrics with a used idempotency key and different points fails with conflict, storing nothing', async () => {
      const { f, run, count } = await setUpRun();
      const options = { idempotencyKey: 'k1' };
      await f.registry.runs.logMetrics(run.id, batch(10), 'nb', options);
      for (const different of [
        batch(11),
        batch(10, 1),
        batch(10).map((p, i) => (i === 9 ? { ...p, value: 0 } : p)),
        batch(10).map((p) => ({ ...p, timestamp: '2026-01-01T00:00:00Z' })),
      ]) {
        const error = await expectRegistryError(
          f.registry.runs.logMetrics(run.id, different, 'nb', options),
          'conflict',
        );
        expect(error.message).toMatch(/Idempotency key "k1" was already used .* different points/);
      }
      expect(await count()).toBe(10);
    });

    it('an idempotency key is scoped to its run, and a failed call does not burn it', async () => {
      const { f, project, run, count } = await setUpRun();
      const experiment = await f.registry.experiments.get(project.id, 'idem');
      const otherRun = await f.registry.runs.create({ experimentId: experiment?.id as string });
      const options = { idempotencyKey: 'shared' };
      await f.registry.runs.logMetrics(run.id, batch(5), 'nb', options);
      expect(await f.registry.runs.logMetrics(otherRun.id, batch(7), 'nb', options)).toEqual({
        count: 7,
      });
      await expectRegistryError(
        f.registry.runs.logMetrics(run.id, [{ key: 'm', value: Number.NaN }], 'nb', {
          idempotencyKey: 'after-failure',
        }),
        'invalid',
      );
      expect(
        await f.registry.runs.logMetrics(run.id, batch(3), 'nb', {
          idempotencyKey: 'after-failure',
        }),
      ).toEqual({ count: 3 });
      expect(await count()).toBe(8);
      for (const bad of ['', ' ', 'a b', 'x'.repeat(201), 'é']) {
        await expectRegistryError(
          f.registry.runs.logMetrics(run.id, batch(1), 'nb', { idempotencyKey: bad }),
          'invalid',
        );
      }
      expect(await count()).toBe(8);
    });

    it('two concurrent calls with one idempotency key store the points once', async () => {
      const { f, run, count } = await setUpRun();
      for (let round = 0; round < 3; round += 1) {
        const options = { idempotencyKey: `race-${round}` };
        const points = batch(2_000, round * 2_000);
        const results = await Promise.all([
          f.registry.runs.logMetrics(run.id, points, 'nb', options),
          f.registry.runs.logMetrics(run.id, points, 'nb', options),
          f.registry.runs.logMetrics(run.id, points, 'nb', options),
        ]);
        expect(results).toEqual([{ count: 2_000 }, { count: 2_000 }, { count: 2_000 }]);
      }
      expect(await count()).toBe(6_000);
      const history = await f.registry.runs.metricHistory(run.id, 'loss', { limit: 100_000 });
      expect(history.items.map((p) => p.step)).toEqual(Array.from({ length: 6_000 }, (_, i) => i));
    });
  });

  describe('version lineage and signatures', () => {
    const inputSignature = {
      features: [
        { name: 'age', type: 'numeric' as const },
        { name: 'plan', type: 'categorical' as const },
      ],
    };
    const outputSignature = { kind: 'probability' as const, classes: [0, 1] as [number, number] };

    it('versions.create records sourceRunId and the signatures, and returns them on every read', async () => {
      const f = fixture();
      const project = await newProject();
      await f.registry.models.register({ projectId: project.id, name: 'churn' });
      const experiment = await f.registry.experiments.create({
        projectId: project.id,
        name: 'train',
      });
      const run = await f.registry.runs.create({ experimentId: experiment.id });
      const version = await f.registry.versions.create({
        projectId: project.id,
        modelName: 'churn',
        format: 'json',
        artifact: bytesOf('{"w":[1,2]}'),
        sourceRunId: run.id,
        inputSignature,
        outputSignature,
      });
      expect(version).toMatchObject({ sourceRunId: run.id, inputSignature, outputSignature });
      expect(await f.registry.versions.get(project.id, 'churn', version.number)).toEqual(version);
      expect((await f.registry.versions.list(project.id, 'churn')).items).toEqual([version]);
      const plain = await f.registry.versions.create({
        projectId: project.id,
        modelName: 'churn',
        format: 'json',
        artifact: bytesOf('{"w":[3]}'),
      });
      expect(plain).toMatchObject({
        sourceRunId: null,
        inputSignature: null,
        outputSignature: null,
      });
      const regression = await f.registry.versions.create({
        projectId: project.id,
        modelName: 'churn',
        format: 'json',
        artifact: bytesOf('{"w":[4]}'),
        outputSignature: { kind: 'regression', nOutputs: 1 },
      });
      expect(regression.outputSignature).toEqual({ kind: 'regression', nOutputs: 1 });
    });

    it('versions.create rejects a source run of another project, an unknown run and bad signatures, creating nothing', async () => {
      const f = fixture();
      const project = await newProject();
      const other = await newProject();
      await f.registry.models.register({ projectId: project.id, name: 'm' });
      const foreignExperiment = await f.registry.experiments.create({
        projectId: other.id,
        name: 'x',
      });
      const foreignRun = await f.registry.runs.create({ experimentId: foreignExperiment.id });
      const base = {
        projectId: project.id,
        modelName: 'm',
        format: 'json' as const,
        artifact: bytesOf('lineage'),
      };
      const error = await expectRegistryError(
        f.registry.versions.create({ ...base, sourceRunId: foreignRun.id }),
        'invalid',
      );
      expect(error.message).toMatch(/run of another project/);
      await expectRegistryError(
        f.registry.versions.create({
          ...base,
          sourceRunId: '00000000-0000-4000-8000-000000000000',
        }),
        'not_found',
      );
      for (const bad of [
        { inputSignature: { features: [] } },
        {
          inputSignature: {
            features: [
              { name: 'a', type: 'numeric' },
              { name: 'a', type: 'numeric' },
            ],
          },
        },
        { inputSignature: { features: [{ name: 'a', type: 'tensor' }] } },
        { inputSignature: { features: [{ name: 'a', type: 'numeric', extra: 1 }] } },
        { outputSignature: { kind: 'clustering' } },
        { outputSignature: { kind: 'probability', classes: [0] } },
        { outputSignature: { kind: 'regression', nOutputs: 0 } },
      ]) {
        await expectRegistryError(
          f.registry.versions.create({ ...base, ...(bad as object) }),
          'invalid',
        );
      }
      expect((await f.registry.versions.list(project.id, 'm')).items).toEqual([]);
    });
  });
}
