import { describe, expect, it } from 'vitest';
import {
  AssayError,
  computeMetric,
  getMetric,
  InvalidInputError,
  listMetrics,
  UnknownMetricError,
} from '../src/index.js';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('listMetrics()', () => {
  it('lists unique names with draft 2020-12 JSON Schemas', () => {
    const infos = listMetrics();
    const names = infos.map((info) => info.name);
    expect(new Set(names).size).toBe(names.length);
    for (const info of infos) {
      expect(info.description.length).toBeGreaterThan(0);
      for (const schema of [info.inputSchema, info.paramsSchema, info.resultSchema]) {
        expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
        // An object, or (welchTTest's raw samples | summary statistics) a choice of objects.
        const shapes = schema.anyOf ?? [schema];
        for (const shape of shapes) expect(typeof shape === 'object' && shape.type).toBe('object');
      }
    }
  });

  it('every result schema names what the result holds; text results carry their signature', () => {
    for (const info of listMetrics()) {
      const shapes = info.resultSchema.anyOf ?? [info.resultSchema];
      for (const shape of shapes) {
        const fields = typeof shape === 'object' ? Object.keys(shape.properties ?? {}) : [];
        expect(fields.length, `${info.name} result fields`).toBeGreaterThan(0);
        if (info.family === 'text') {
          expect(typeof shape === 'object' && shape.required, info.name).toContain('signature');
        }
      }
      expect(info.description.length, `${info.name} description`).toBeGreaterThan(40);
    }
  });

  it('accuracy: params are optional in the input schema and show their default', () => {
    const info = listMetrics().find((m) => m.name === 'accuracy');
    expect(info?.family).toBe('classification');
    expect(info?.inputSchema.required).toEqual(['yTrue', 'yPred']);
    expect(info?.paramsSchema.properties?.normalize).toMatchObject({
      type: 'boolean',
      default: true,
    });
  });

  it('returns copies: mutating a result does not change the next one', () => {
    const [first] = listMetrics();
    if (first === undefined) throw new Error('no metric registered');
    first.name = 'changed';
    expect(listMetrics()[0]?.name).not.toBe('changed');
  });
});

describe('getMetric(name)', () => {
  it('returns the definition', () => {
    expect(getMetric('accuracy').name).toBe('accuracy');
  });

  it('throws UnknownMetricError listing the known names', () => {
    const error = thrownBy(() => getMetric('acuracy'));
    expect(error).toBeInstanceOf(UnknownMetricError);
    expect(error).toBeInstanceOf(AssayError);
    expect((error as UnknownMetricError).code).toBe('unknown_metric');
    expect((error as Error).message).toMatch(/unknown metric 'acuracy'; known metrics: .*accuracy/);
  });
});

describe('computeMetric(name, input, params)', () => {
  it('accuracy on the sklearn docstring example: 0.5', () => {
    expect(computeMetric('accuracy', { yTrue: [0, 1, 2, 3], yPred: [0, 2, 1, 3] })).toEqual({
      value: 0.5,
    });
  });

  it('normalize: false returns the number of correct samples', () => {
    expect(
      computeMetric('accuracy', { yTrue: [0, 1, 2, 3], yPred: [0, 2, 1, 3] }, { normalize: false }),
    ).toEqual({ value: 2 });
  });

  it('a schema failure names the path and what was expected', () => {
    const error = thrownBy(() => computeMetric('accuracy', { yTrue: [1, 0], yPred: [1, 'a'] }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).code).toBe('invalid_input');
    expect((error as Error).message).toBe(
      'input.yPred: expected an array of numbers or strings (all of one type)',
    );
    expect((error as InvalidInputError).issues).toEqual([
      {
        path: ['input', 'yPred'],
        message: 'expected an array of numbers or strings (all of one type)',
      },
    ]);
  });

  it('reports input and params problems together', () => {
    const error = thrownBy(() =>
      computeMetric('accuracy', { yTrue: [1] }, { normalize: 'yes', extra: 1 }),
    ) as InvalidInputError;
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ['input', 'yPred'],
      ['params', 'normalize'],
      ['params'],
    ]);
  });

  it('a length mismatch says both lengths', () => {
    const error = thrownBy(() =>
      computeMetric('accuracy', {
        yTrue: [1, 0, 1, 1, 0, 1, 0, 0, 1, 1],
        yPred: [1, 0, 0, 1, 0, 1, 1, 0, 1],
      }),
    ) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe('yTrue has 10 labels but yPred has 9');
    expect(error.issues).toEqual([
      { path: ['input', 'yPred'], message: 'yTrue has 10 labels but yPred has 9' },
    ]);
  });

  it('empty input throws instead of returning NaN', () => {
    const error = thrownBy(() => computeMetric('accuracy', { yTrue: [], yPred: [] }));
    expect((error as Error).message).toBe('yTrue is empty; at least one sample is required');
  });

  it('numbers in yTrue and strings in yPred are an error', () => {
    const error = thrownBy(() => computeMetric('accuracy', { yTrue: [1, 0], yPred: ['1', '0'] }));
    expect((error as Error).message).toBe(
      'yTrue holds numbers but yPred holds strings; labels must be all numbers or all strings',
    );
  });

  it('NaN in a number array is rejected by the schema', () => {
    const error = thrownBy(() =>
      computeMetric('accuracy', { yTrue: [1, 0], yPred: [1, 0], sampleWeight: [1, Number.NaN] }),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/^input\.sampleWeight\[1\]: /);
  });

  it('unknown metric → UnknownMetricError', () => {
    expect(thrownBy(() => computeMetric('nope', {}))).toBeInstanceOf(UnknownMetricError);
  });
});
