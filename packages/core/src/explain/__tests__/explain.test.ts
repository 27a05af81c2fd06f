import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors/index.js';
import { createSpecModel } from '../../models/index.js';
import { explain, getExplainer, listExplainers } from '../explain.js';

describe('explain catalog', () => {
  it('listExplainers() lists every explainer with JSON Schemas of input and params', () => {
    const list = listExplainers();
    expect(list.map((e) => e.name)).toEqual([
      'shap',
      'permutationImportance',
      'surrogate',
      'surrogateFidelity',
    ]);
    const shap = list[0];
    expect(shap?.paramsSchema).toMatchObject({
      type: 'object',
      properties: { method: { default: 'auto' } },
    });
    expect(JSON.stringify(shap?.inputSchema)).toContain('"activation"');
  });

  it('explain(unknown) throws InvalidInputError naming the known explainers', async () => {
    await expect(explain('lime', {})).rejects.toThrow(
      /unknown explainer 'lime'; known explainers: shap, permutationImportance/,
    );
    expect(() => getExplainer('lime')).toThrow(InvalidInputError);
  });

  it('schema errors name their path under input or params', async () => {
    const error = await explain(
      'shap',
      { model: { type: 'linear', coef: [1] }, background: [[1]], instances: [['a']] },
      { method: 'magic' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    const paths = (error as InvalidInputError).issues.map((i) => i.path.join('.'));
    expect(paths).toContain('input.instances.0.0');
    expect(paths).toContain('params.method');
  });

  it('accepts a loaded Model object as well as a JSON spec, and returns one Explanation shape', async () => {
    const model = createSpecModel({ type: 'linear', coef: [1, 2], intercept: 0 });
    const r = await explain(
      'shap',
      { model, background: [[0, 0]], instances: [[1, 1]] },
      { method: 'exact' },
    );
    expect(r).toMatchObject({
      method: 'shap',
      algorithm: 'exact',
      seed: null,
      featureNames: ['x0', 'x1'],
      values: [[1, 2]],
      globalImportance: [1, 2],
      baseValue: 0,
      fidelity: null,
    });
    expect(r.signature).toBe(
      'method:exact|link:identity|nbg:1|seed:none|model:spec:linear|masker:independent|ref:shap.0.46.0|version:assay-core.0.1.0',
    );
    expect(r.timing.modelCalls).toBeGreaterThan(0);
    const f = await explain(
      'surrogateFidelity',
      { blackBoxPredictions: [1, 2, 3], surrogatePredictions: [1, 2, 4] },
      { task: 'regression' },
    );
    expect(Object.keys(f)).toEqual(
      expect.arrayContaining([
        'method',
        'params',
        'seed',
        'featureNames',
        'values',
        'baseValue',
        'timing',
        'signature',
        'fidelity',
      ]),
    );
  });
});
