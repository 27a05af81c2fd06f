import { describe, expect, it } from 'vitest';
import { type FormField, fieldsOf, objectOf, parseField } from '../schema-form';

// The accuracy metric's schemas as GET /v1/metrics lists them.
const input = {
  type: 'object',
  properties: {
    yTrue: {
      anyOf: [
        { type: 'array', items: { type: 'number' } },
        { type: 'array', items: { type: 'string' } },
      ],
    },
    yPred: {
      anyOf: [
        { type: 'array', items: { type: 'number' } },
        { type: 'array', items: { type: 'string' } },
      ],
    },
    sampleWeight: { type: 'array', items: { type: 'number', minimum: 0 } },
  },
  required: ['yTrue', 'yPred'],
};
const params = {
  type: 'object',
  properties: {
    normalize: { type: 'boolean', default: true },
    average: { type: 'string', enum: ['binary', 'macro'] },
    X: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
  },
};

/** The i-th field, or a failed test. */
const at = (fields: FormField[], i: number): FormField => {
  const f = fields[i];
  if (!f) throw new Error(`no field ${i}`);
  return f;
};

describe('schema form', () => {
  it('chooses a control per property, required fields first', () => {
    const fields = fieldsOf(input);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['yTrue', 'labels', true],
      ['yPred', 'labels', true],
      ['sampleWeight', 'numbers', false],
    ]);
    expect(fieldsOf(params).map((f) => f.kind)).toEqual(['boolean', 'enum', 'matrix']);
    expect(fieldsOf(params)[1]?.options).toEqual(['binary', 'macro']);
  });

  it('reads labels as numbers when they all are, else as strings', () => {
    const yTrue = at(fieldsOf(input), 0);
    expect(parseField(yTrue, '1, 0 1 1')).toEqual([1, 0, 1, 1]);
    expect(parseField(yTrue, 'cat, dog')).toEqual(['cat', 'dog']);
    expect(parseField(yTrue, '["a", "b"]')).toEqual(['a', 'b']);
    expect(parseField(yTrue, '  ')).toBeUndefined();
  });

  it('reads a matrix from lines or JSON, and says which field is wrong', () => {
    const x = at(fieldsOf(params), 2);
    expect(parseField(x, '1, 2\n3 4')).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(parseField(x, '[[1,2]]')).toEqual([[1, 2]]);
    expect(() => parseField(at(fieldsOf(input), 2), '1, x')).toThrow(
      /sampleWeight: 'x' is not a number/,
    );
  });

  it('builds the object, leaving empty fields out', () => {
    const fields = fieldsOf(input);
    const texts: Record<string, string> = { yTrue: '1 0', yPred: '1 1', sampleWeight: '' };
    expect(objectOf(fields, (n) => texts[n] ?? '')).toEqual({ yTrue: [1, 0], yPred: [1, 1] });
  });
});
