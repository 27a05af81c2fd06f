import { describe, expect, it } from 'vitest';
import type { TGateCheckResultSchema } from '../../src/index.js';
import type { BackendFixture } from '../backends.js';
import { bytesOf, expectRegistryError, sha256, unique } from '../helpers.js';

/** Comparisons, gate policies, gate reports and guarded alias moves (issue 13), on every backend. */
export function gateSuite(fixture: () => BackendFixture): void {
  const csv = bytesOf('x,y\n1,0\n2,1\n');
  const setUp = async () => {
    const f = fixture();
    const project = await f.registry.projects.create({ name: unique('gate-proj') });
    await f.registry.models.register({ projectId: project.id, name: 'clf' });
    for (let i = 1; i <= 3; i += 1) {
      await f.registry.versions.create({
        projectId: project.id,
        modelName: 'clf',
        format: 'json',
        artifact: bytesOf(`gate v${i}`),
      });
    }
    const dataset = await f.registry.datasets.create({
      projectId: project.id,
      format: 'csv',
      artifact: csv,
      rows: 2,
      columns: ['x', 'y'],
    });
    const fingerprint = { sha256: sha256(csv), rows: 2, columns: ['x', 'y'] };
    return { f, project, dataset, fingerprint };
  };
  // A comparison report in the core's shape (ZComparisonReportSchema).
  const report = {
    task: 'binary' as const,
    n: 2,
    alpha: 0.05,
    candidate: 'spec:logistic',
    baseline: 'spec:logistic',
    metrics: [
      {
        metric: 'accuracy',
        params: {},
        candidate: 1,
        baseline: 0.5,
        delta: 0.5,
        higherIsBetter: true,
        interval: null,
        test: null,
        tests: [],
        significantlyWorse: null,
        signature: 'metric:accuracy',
        note: 'too few rows for a test',
      },
    ],
    timing: { totalMs: 1, predictMs: 0.5, metricsMs: 0.5, modelCalls: 2 },
  };
  const check = (passed: boolean, label = 'accuracy >= 0.9'): TGateCheckResultSchema => ({
    index: 0,
    kind: 'threshold',
    label,
    passed,
    observed: passed ? 0.95 : 0.5,
    limit: 0.9,
    reason: passed ? '0.95 >= 0.9' : '0.5 is below 0.9',
  });

  describe('comparisons', () => {
    it('create stores versions, dataset and report; get, list (newest first), once per job', async () => {
      const { f, project, dataset, fingerprint } = await setUp();
      const input = {
        projectId: project.id,
        modelName: 'clf',
        candidateVersion: 2,
        baselineVersion: 1,
        baselineAlias: 'production',
        datasetId: dataset.id,
        dataset: fingerprint,
        spec: { target: 'y', metrics: [{ name: 'accuracy' }], alpha: 0.05 },
        report,
        jobId: '0193a0d0-0000-7000-8000-000000000001',
        createdBy: 'alice',
      };
      const stored = await f.registry.comparisons.create(input);
      expect(stored).toMatchObject({
        modelName: 'clf',
        candidateVersion: 2,
        baselineVersion: 1,
        baselineAlias: 'production',
        datasetId: dataset.id,
        dataset: { sha256: fingerprint.sha256, rows: 2 },
        spec: input.spec,
        report: input.report,
        createdBy: 'alice',
      });
      // A retried job stores it once.
      expect((await f.registry.comparisons.create(input)).id).toBe(stored.id);
      const other = await f.registry.comparisons.create({
        ...input,
        jobId: undefined,
        candidateVersion: 3,
      });
      expect(await f.registry.comparisons.get(project.id, stored.id)).toEqual(stored);
      const page = await f.registry.comparisons.list(project.id, 'clf', { limit: 1 });
      expect(page.items.map((c) => c.id)).toEqual([other.id]);
      const next = await f.registry.comparisons.list(project.id, 'clf', {
        cursor: page.nextCursor ?? '',
      });
      expect(next.items.map((c) => c.id)).toEqual([stored.id]);
    });

    it('refuses an unknown version, another dataset fingerprint, an unknown model', async () => {
      const { f, project, dataset, fingerprint } = await setUp();
      const base = {
        projectId: project.id,
        modelName: 'clf',
        candidateVersion: 2,
        baselineVersion: 1,
        datasetId: dataset.id,
        dataset: fingerprint,
        spec: { target: 'y', metrics: [{ name: 'accuracy' }] },
        report,
      };
      await expectRegistryError(
        f.registry.comparisons.create({ ...base, candidateVersion: 9 }),
        'not_found',
      );
      const wrong = await expectRegistryError(
        f.registry.comparisons.create({
          ...base,
          dataset: { ...fingerprint, sha256: 'a'.repeat(64) },
        }),
        'invalid',
      );
      expect(wrong.message).toMatch(/fingerprint says/);
      await expectRegistryError(f.registry.comparisons.list(project.id, 'nope'), 'not_found');
      await expectRegistryError(
        f.registry.comparisons.create({ ...base, spec: { target: 'y', metrics: [] } }),
        'invalid',
      );
    });
  });

  describe('gate policies and guarded alias moves', () => {
    const policyOf = (projectId: string, datasetId: string) => ({
      projectId,
      modelName: 'clf',
      alias: 'production',
      datasetId,
      target: 'y',
      checks: [{ kind: 'threshold' as const, metric: 'accuracy', op: '>=' as const, value: 0.9 }],
    });

    it('each update is a new immutable version; expectedVersion guards concurrent updates', async () => {
      const { f, project, dataset } = await setUp();
      const v1 = await f.registry.gatePolicies.put(policyOf(project.id, dataset.id), 'alice');
      expect(v1).toMatchObject({
        version: 1,
        alias: 'production',
        alpha: 0.05,
        createdBy: 'alice',
      });
      const v2 = await f.registry.gatePolicies.put(
        { ...policyOf(project.id, dataset.id), alpha: 0.01, expectedVersion: 1 },
        'bob',
      );
      expect(v2).toMatchObject({ version: 2, alpha: 0.01 });
      expect(await f.registry.gatePolicies.get(project.id, 'clf', 'production')).toEqual(v2);
      expect(await f.registry.gatePolicies.get(project.id, 'clf', 'production', 1)).toEqual(v1);
      expect(await f.registry.gatePolicies.get(project.id, 'clf', 'staging')).toBeNull();
      const stale = await expectRegistryError(
        f.registry.gatePolicies.put({ ...policyOf(project.id, dataset.id), expectedVersion: 1 }),
        'conflict',
      );
      expect(stale.message).toMatch(/at version 2, not 1/);
      const all = await f.registry.gatePolicies.list(project.id, 'clf', 'production');
      expect(all.items.map((p) => p.version)).toEqual([2, 1]);
      await expectRegistryError(
        f.registry.gatePolicies.put({ ...policyOf(project.id, dataset.id), checks: [] }),
        'invalid',
      );
      await expectRegistryError(
        f.registry.gatePolicies.put({
          ...policyOf(project.id, dataset.id),
          datasetId: '0193a0d0-0000-7000-8000-0000000000ff',
        }),
        'not_found',
      );
    });

    it('a guarded move needs a passing report under the current policy version, or an override', async () => {
      const { f, project, dataset, fingerprint } = await setUp();
      const move = (version: number, extra: Record<string, unknown> = {}) =>
        f.registry.aliases.set(
          { projectId: project.id, modelName: 'clf', alias: 'production', version, ...extra },
          'carol',
        );
      // Unguarded: moves as before, nothing gate-related recorded.
      await move(1);
      const v1 = await f.registry.gatePolicies.put(policyOf(project.id, dataset.id));
      // Guarded, no report: refused with the policy named.
      const none = await expectRegistryError(move(2), 'conflict');
      expect(none.message).toMatch(/no gate report under policy version 1/);
      expect(none.details).toMatchObject({
        gate: { policyVersion: 1, candidateVersion: 2, gateReportId: null, failedChecks: [] },
      });
      // A failing report: refused with its failing checks.
      const failing = await f.registry.gateReports.create({
        projectId: project.id,
        modelName: 'clf',
        policyId: v1.id,
        candidateVersion: 2,
        holderVersion: 1,
        checks: [check(false)],
        evidence: { kind: 'dataset', datasetId: dataset.id },
        evaluation: {
          projectId: project.id,
          modelName: 'clf',
          version: 2,
          dataset: fingerprint,
          datasetId: dataset.id,
          metrics: [{ name: 'accuracy', value: 0.5 }],
        },
        comparison: {
          projectId: project.id,
          modelName: 'clf',
          candidateVersion: 2,
          baselineVersion: 1,
          datasetId: dataset.id,
          dataset: fingerprint,
          spec: { target: 'y', metrics: [{ name: 'accuracy' }] },
          report,
        },
      });
      expect(failing).toMatchObject({
        passed: false,
        policyVersion: 1,
        alias: 'production',
        holderVersion: 1,
      });
      expect(failing.evaluationId).not.toBeNull();
      expect(failing.comparisonId).not.toBeNull();
      const refused = await expectRegistryError(move(2), 'conflict');
      expect(refused.details).toMatchObject({
        gate: {
          gateReportId: failing.id,
          failedChecks: [{ label: 'accuracy >= 0.9', passed: false }],
        },
      });
      // A passing report: the move rests on it.
      const passing = await f.registry.gateReports.create({
        projectId: project.id,
        modelName: 'clf',
        policyId: v1.id,
        candidateVersion: 2,
        holderVersion: 1,
        checks: [check(true)],
        evidence: { kind: 'dataset', datasetId: dataset.id },
        jobId: '0193a0d0-0000-7000-8000-000000000002',
      });
      expect(passing.passed).toBe(true);
      const moved = await move(2);
      expect(moved.version).toBe(2);
      const [event] = (await f.registry.aliases.history(project.id, 'clf', 'production')).items;
      expect(event).toMatchObject({ toVersion: 2, gateReportId: passing.id, overrideReason: null });
      // A new policy version: the old report no longer counts.
      await f.registry.gatePolicies.put(policyOf(project.id, dataset.id));
      await f.registry.gateReports.create({
        projectId: project.id,
        modelName: 'clf',
        policyId: v1.id,
        candidateVersion: 3,
        holderVersion: 2,
        checks: [check(true)],
        evidence: { kind: 'dataset', datasetId: dataset.id },
      });
      const stale = await expectRegistryError(move(3), 'conflict');
      expect(stale.message).toMatch(/policy version 2/);
      // An override with a reason: recorded in the ledger.
      const overridden = await move(3, { override: { reason: 'hotfix for incident 42' } });
      expect(overridden.version).toBe(3);
      const why = await f.registry.aliases.why(project.id, 'clf', 'production', 3);
      expect(why).toMatchObject({
        holdsNow: true,
        gateReport: null,
        event: { toVersion: 3, overrideReason: 'hotfix for incident 42', actor: 'carol' },
      });
      const why2 = await f.registry.aliases.why(project.id, 'clf', 'production', 2);
      expect(why2).toMatchObject({ holdsNow: false, gateReport: { id: passing.id, passed: true } });
      await expectRegistryError(
        f.registry.aliases.why(project.id, 'clf', 'staging', 2),
        'not_found',
      );
      // The report is stored once per job, and listed per model.
      const again = await f.registry.gateReports.create({
        projectId: project.id,
        modelName: 'clf',
        policyId: v1.id,
        candidateVersion: 2,
        holderVersion: 1,
        checks: [check(true)],
        evidence: { kind: 'dataset', datasetId: dataset.id },
        jobId: '0193a0d0-0000-7000-8000-000000000002',
      });
      expect(again.id).toBe(passing.id);
      expect(await f.registry.gateReports.get(project.id, passing.id)).toEqual(passing);
      const reports = await f.registry.gateReports.list(project.id, 'clf', { version: 2 });
      expect(reports.items.map((r) => r.id)).toEqual([passing.id, failing.id]);
      // Removing a guarded alias is not gated; an override of an unguarded alias is refused.
      await f.registry.aliases.remove({
        projectId: project.id,
        modelName: 'clf',
        alias: 'production',
      });
      const unguarded = await expectRegistryError(
        f.registry.aliases.set({
          projectId: project.id,
          modelName: 'clf',
          alias: 'staging',
          version: 1,
          override: { reason: 'x' },
        }),
        'invalid',
      );
      expect(unguarded.message).toMatch(/nothing to override/);
    });

    it('a report must be about the candidate, under a policy of the model', async () => {
      const { f, project, dataset, fingerprint } = await setUp();
      const policy = await f.registry.gatePolicies.put(policyOf(project.id, dataset.id));
      const base = {
        projectId: project.id,
        modelName: 'clf',
        policyId: policy.id,
        candidateVersion: 2,
        holderVersion: null,
        checks: [check(true)],
        evidence: { kind: 'dataset' as const, datasetId: dataset.id },
      };
      const wrong = await expectRegistryError(
        f.registry.gateReports.create({
          ...base,
          evaluation: {
            projectId: project.id,
            modelName: 'clf',
            version: 3,
            dataset: fingerprint,
            metrics: [],
          },
        }),
        'invalid',
      );
      expect(wrong.message).toMatch(/not of the candidate/);
      await expectRegistryError(
        f.registry.gateReports.create({
          ...base,
          policyId: '0193a0d0-0000-7000-8000-0000000000aa',
        }),
        'not_found',
      );
    });
  });
}
