import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { parseDataset } from '../../data/parseDataset.js';
import { parseParquet } from '../../data/parseParquet.js';
import { LimitExceededError } from '../../errors/index.js';
import { computeMetric } from '../../metrics/computeMetric.js';
import { DEFAULT_COMPUTE_LIMITS } from '../computeLimits.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i % 50}`).join(' ');

function thrown(run: () => unknown): LimitExceededError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LimitExceededError);
    return error as LimitExceededError;
  }
  throw new Error('expected a LimitExceededError');
}

describe('compute limits', () => {
  it('computeMetric("ter") refuses a segment above maxTerTokens before scoring, naming the bound and the segment', () => {
    const n = DEFAULT_COMPUTE_LIMITS.maxTerTokens + 1;
    const error = thrown(() =>
      computeMetric('ter', { hypotheses: ['a b', words(n)], references: [['a b'], ['x']] }),
    );
    expect(error.code).toBe('limit_exceeded');
    expect(error.bound).toBe('maxTerTokens');
    expect(error.actual).toBe(n);
    expect(error.message).toContain('hypotheses[1]');
    expect(error.issues[0]?.path).toEqual(['hypotheses', 1]);
  });

  it('computeMetric("ter", …, { limits }) takes the configured bound, and scores at the bound', () => {
    const input = { hypotheses: [words(20)], references: [[words(20)]] };
    expect(
      thrown(() => computeMetric('ter', input, {}, { limits: { maxTerTokens: 19 } })).limit,
    ).toBe(19);
    expect(computeMetric('ter', input, {}, { limits: { maxTerTokens: 20 } }).score).toBe(0);
  });

  it('computeMetric("rouge") bounds rougeL and rougeLsum by maxLcsTokens, not rouge1/rouge2', () => {
    const long = words(DEFAULT_COMPUTE_LIMITS.maxLcsTokens + 1);
    const input = { predictions: ['a b'], references: [long] };
    const error = thrown(() => computeMetric('rouge', input, { rougeTypes: ['rougeL'] }));
    expect(error.bound).toBe('maxLcsTokens');
    expect(error.message).toContain('references[0]');
    expect(thrown(() => computeMetric('rouge', input, { rougeTypes: ['rougeLsum'] })).bound).toBe(
      'maxLcsTokens',
    );
    expect(computeMetric('rouge', input, { rougeTypes: ['rouge1', 'rouge2'] })).toHaveProperty(
      'mean',
    );
  });

  it('parseDataset(csv) counts lines × header fields before splitting fields', () => {
    const csv = `a,b,c\n${'1,2,3\n'.repeat(40)}`;
    const bytes = new TextEncoder().encode(csv);
    const error = thrown(() =>
      parseDataset(bytes, { format: 'csv', limits: { maxDatasetCells: 119 } }),
    );
    expect(error.bound).toBe('maxDatasetCells');
    expect(error.actual).toBe(120);
    expect(parseDataset(bytes, { format: 'csv', limits: { maxDatasetCells: 120 } }).rows).toBe(40);
    expect(
      thrown(() => parseDataset(bytes, { format: 'csv', limits: { maxDatasetColumns: 2 } })).bound,
    ).toBe('maxDatasetColumns');
  });

  it('parseDataset(json) bounds cells and columns', () => {
    const bytes = new TextEncoder().encode(
      JSON.stringify({
        columns: ['a', 'b'],
        rows: [
          [1, 2],
          [3, 4],
        ],
      }),
    );
    expect(
      thrown(() => parseDataset(bytes, { format: 'json', limits: { maxDatasetCells: 3 } })).bound,
    ).toBe('maxDatasetCells');
    expect(parseDataset(bytes, { format: 'json' }).rows).toBe(2);
  });

  it('parseParquet refuses from the footer (rows × columns, columns, uncompressed bytes) before decoding', async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'a', data: new Float64Array(2000), type: 'DOUBLE' },
          { name: 'b', data: new Float64Array(2000), type: 'DOUBLE' },
        ],
      }),
    );
    const refused = async (limits: object) => {
      try {
        await parseParquet(bytes, [], limits);
      } catch (error) {
        expect(error).toBeInstanceOf(LimitExceededError);
        return (error as LimitExceededError).bound;
      }
      throw new Error('expected a LimitExceededError');
    };
    expect(await refused({ maxDatasetCells: 3999 })).toBe('maxDatasetCells');
    expect(await refused({ maxDatasetColumns: 1 })).toBe('maxDatasetColumns');
    expect(await refused({ maxParquetUncompressedBytes: 100 })).toBe('maxParquetUncompressedBytes');
    expect((await parseParquet(bytes, [], { maxDatasetCells: 4000 })).rows).toBe(2000);
  });
});
