import { describe, expect, it } from 'vitest';
import {
  type Evaluation,
  type EvaluationMetric,
  MAX_EVALUATION_JSON_BYTES,
} from '../../src/index.js';
import type { BackendFixture } from '../backends.js';
import { bytesOf, expectRegistryError, sha256, unique } from '../helpers.js';

/** Evaluations (batch tests) and alias moves resting on them (issue 5), on every backend. */
export function evaluationSuite(fixture: () => BackendFixture): void {
  const setUp = async () => {
    const f = fixture();
    const project = await f.registry.projects.create({ name: unique('eval-proj') });
    for (const name of ['churn', 'fraud']) {
      await f.registry.models.register({ projectId: project.id, name });
      for (let i = 1; i <= 2; i += 1) {
        await f.registry.versions.create({
          projectId: project.id,
          modelName: name,
          format: 'json',
          artifact: bytesOf(`${name} v${i}`),
        });
      }
    }
    return { f, project };
  };
  const csv = 'age,plan,churned\n31,basic,0\n45,pro,1\n';
  const dataset = { sha256: sha256(csv), rows: 2, columns: ['age', 'plan', 'churned'] };

  describe('evaluations', () => {
    it('evaluations.create stores the fingerprint, metrics with signatures and CIs, and explanation summaries', async () => {
      const { f, project } = await setUp();
      const metrics: EvaluationMetric[] = [
        {
          name: 'accuracy',
          value: 0.875,
          signature: { params: { threshold: 0.5 }, positiveLabel: 1, core: '0.1.0' },
          confidenceInterval: { lower: 0.81, upper: 0.92, level: 0.95, method: 'wilson' },
        },
        {
          name: 'roc_auc',
          value: 0.93,
          confidenceInterval: { lower: 0.9, upper: 0.96, level: 0.9 },
        },
        { name: 'mcc', value: null, signature: { note: 'undefined: one class predicted' } },
        // Structured results are kept as JSON, not flattened to a null value.
        {
          name: 'confusionMatrix',
          value: null,
          result: {
            labels: ['benign', 'malignant'],
            matrix: [
              [5, 1],
              [2, 7],
            ],
          },
        },
        {
          name: 'rocCurve',
          value: null,
          result: { fpr: [0, 0.5, 1], tpr: [0, 1, 1], thresholds: [1.9, 0.9, 0.1] },
        },
      ];
      const explanations = [
        {
          explainer: 'permutationImportance',
          summary: { importances: [{ feature: 'age', mean: 0.12, std: 0.01 }], repeats: 5 },
        },
      ];
      const evaluation = await f.registry.evaluations.create({
        projectId: project.id,
        modelName: 'churn',
        version: 2,
        dataset,
        metrics,
        explanations,
        createdBy: 'alice',
      });
      const version = await f.registry.versions.get(project.id, 'churn', 2);
      expect(evaluation).toEqual({
        id: expect.any(String),
        projectId: project.id,
        modelId: expect.any(String),
        modelName: 'churn',
        version: 2,
        versionId: version?.id as string,
        status: 'completed',
        dataset,
        metrics,
        explanations,
        datasetId: null,
        createdBy: 'alice',
        createdAt: expect.any(String),
      } satisfies Evaluation);
      expect(await f.registry.evaluations.get(project.id, evaluation.id)).toEqual(evaluation);
      const audit = await f.query<{ actor: string; action: string }>(
        `SELECT actor, action FROM audit_logs WHERE entity_id = $1`,
        evaluation.id,
      );
      expect(audit).toEqual([{ actor: 'alice', action: 'evaluation.create' }]);
      const pending = await f.registry.evaluations.create({
        projectId: project.id,
        modelName: 'churn',
        version: 1,
        dataset: { ...dataset, rows: 0 },
        metrics: [],
        status: 'pending',
      });
      expect(pending).toMatchObject({ status: 'pending', explanations: [], createdBy: null });
    });

    it('evaluations.get returns null for unknown ids, malformed ids and another project’s evaluation', async () => {
      const { f, project } = await setUp();
      const other = await setUp();
      const evaluation = await f.registry.evaluations.create({
        projectId: project.id,
        modelName: 'churn',
        version: 1,
        dataset,
        metrics: [{ name: 'accuracy', value: 1 }],
      });
      expect(await f.registry.evaluations.get(other.project.id, evaluation.id)).toBeNull();
      expect(
        await f.registry.evaluations.get(project.id, '00000000-0000-4000-8000-000000000000'),
      ).toBeNull();
      expect(await f.registry.evaluations.get(project.id, 'nope')).toBeNull();
    });

    it('evaluations.list(projectId, { modelName?, version? }) filters, pages newest first', async () => {
      const { f, project } = await setUp();
      const made: Evaluation[] = [];
      for (const [modelName, version] of [
        ['churn', 1],
        ['churn', 2],
        ['fraud', 1],
        ['churn', 2],
      ] as const) {
        made.push(
          await f.registry.evaluations.create({
            projectId: project.id,
            modelName,
            version,
            dataset,
            metrics: [{ name: 'accuracy', value: version / 2 }],
          }),
        );
      }
      const ids = (page: { items: Evaluation[] }) => page.items.map((e) => e.id);
      const [a, b, c, d] = made.map((e) => e.id);
      expect(ids(await f.registry.evaluations.list(project.id))).toEqual([d, c, b, a]);
      expect(ids(await f.registry.evaluations.list(project.id, { modelName: 'churn' }))).toEqual([
        d,
        b,
        a,
      ]);
      const first = await f.registry.evaluations.list(
        project.id,
        { modelName: 'churn', version: 2 },
        { limit: 1 },
      );
      expect(ids(first)).toEqual([d]);
      const second = await f.registry.evaluations.list(
        project.id,
        { modelName: 'churn', version: 2 },
        { limit: 1, cursor: first.nextCursor ?? undefined },
      );
      expect(ids(second)).toEqual([b]);
      expect(second.nextCursor).toBeNull();
      await expectRegistryError(f.registry.evaluations.list(project.id, { version: 1 }), 'invalid');
      await expectRegistryError(
        f.registry.evaluations.list(project.id, { modelName: 'absent' }),
        'not_found',
      );
      await expectRegistryError(
        f.registry.evaluations.list(project.id, { modelName: 'churn', version: 9 }),
        'not_found',
      );
      await expectRegistryError(
        f.registry.evaluations.list('00000000-0000-4000-8000-000000000000'),
        'not_found',
      );
    });

    it('evaluations.create rejects unknown versions and malformed fingerprints, metrics and summaries', async () => {
      const { f, project } = await setUp();
      const base = {
        projectId: project.id,
        modelName: 'churn',
        version: 1,
        dataset,
        metrics: [{ name: 'accuracy', value: 0.5 }],
      };
      await expectRegistryError(
        f.registry.evaluations.create({ ...base, version: 3 }),
        'not_found',
      );
      await expectRegistryError(
        f.registry.evaluations.create({ ...base, modelName: 'absent' }),
        'not_found',
      );
      const huge = 'x'.repeat(MAX_EVALUATION_JSON_BYTES);
      for (const patch of [
        { dataset: { ...dataset, sha256: 'A'.repeat(64) } },
        { dataset: { ...dataset, rows: -1 } },
        { dataset: { ...dataset, rows: 1.5 } },
        { dataset: { ...dataset, columns: [] } },
        { dataset: { sha256: dataset.sha256, rows: 2 } },
        { metrics: [{ name: 'accuracy', value: Number.NaN }] },
        { metrics: [{ name: 'accuracy', value: Number.POSITIVE_INFINITY }] },
        {
          metrics: [
            { name: 'accuracy', value: 1 },
            { name: 'accuracy', value: 2 },
          ],
        },
        {
          metrics: [
            { name: 'acc', value: 1, confidenceInterval: { lower: 2, upper: 1, level: 0.95 } },
          ],
        },
        {
          metrics: [
            { name: 'acc', value: 1, confidenceInterval: { lower: 0, upper: 1, level: 95 } },
          ],
        },
        { metrics: [{ name: 'acc', value: 1, extra: true }] },
        { metrics: [{ name: 'acc', value: 1, signature: { blob: huge } }] },
        { explanations: [{ explainer: '', summary: {} }] },
        { explanations: [{ explainer: 'shap', summary: [1, 2] }] },
        { status: 'done' },
      ]) {
        await expectRegistryError(
          f.registry.evaluations.create({ ...base, ...(patch as object) }),
          'invalid',
        );
      }
      expect((await f.registry.evaluations.list(project.id)).items).toEqual([]);
    });

    it('alias moves cite only an existing, completed evaluation of the same model (FK-checked)', async () => {
      const { f, project } = await setUp();
      const evaluate = (modelName: string, status?: 'pending' | 'failed') =>
        f.registry.evaluations.create({
          projectId: project.id,
          modelName,
          version: 2,
          dataset,
          metrics: [{ name: 'accuracy', value: 0.9 }],
          status,
        });
      const good = await evaluate('churn');
      const move = (evaluationId: string, version = 2) =>
        f.registry.aliases.set({
          projectId: project.id,
          modelName: 'churn',
          alias: 'production',
          version,
          evaluationId,
        });
      await expectRegistryError(move('00000000-0000-4000-8000-000000000000'), 'not_found');
      await expectRegistryError(move((await evaluate('fraud')).id), 'not_found');
      const other = await setUp();
      const foreign = await other.f.registry.evaluations.create({
        projectId: other.project.id,
        modelName: 'churn',
        version: 1,
        dataset,
        metrics: [],
      });
      await expectRegistryError(move(foreign.id), 'not_found');
      const pending = await expectRegistryError(
        move((await evaluate('churn', 'pending')).id),
        'invalid',
      );
      expect(pending.message).toMatch(
        /is pending: an alias move can rest only on a completed evaluation/,
      );
      await expectRegistryError(move((await evaluate('churn', 'failed')).id), 'invalid');
      // Evidence about version 2 says nothing about version 1.
      const elsewhere = await expectRegistryError(move(good.id, 1), 'invalid');
      expect(elsewhere.message).toMatch(
        /evaluated version 2 of model "churn", not version 1: an alias move can cite only an evaluation of the version it points the alias at/,
      );
      expect(await f.registry.aliases.get(project.id, 'churn', 'production')).toBeNull();
      const moved = await move(good.id);
      expect(moved).toMatchObject({ version: 2, revision: 1 });
      const [event] = (await f.registry.aliases.history(project.id, 'churn', 'production')).items;
      expect(event?.evaluationId).toBe(good.id);
      // The database enforces it too: a ledger row citing no evaluation is refused.
      await expect(
        f.query(
          `INSERT INTO model_alias_events (alias_id, model_id, alias, revision, actor, evaluation_id)
           VALUES ($1::uuid, $2::uuid, 'production', 99, 'x', '00000000-0000-4000-8000-000000000000')`,
          moved.id,
          moved.modelId,
        ),
      ).rejects.toThrow(/foreign key|evaluation_id_fkey/i);
    });
  });
}
