/**
 * The registered metric `pairedBootstrapDelta`: the statistics' {@link pairedBootstrapDelta} of
 * any other registered metric, metric(inputA) − metric(inputB) on the same resampled rows. Like
 * `bootstrap`, it reaches the registry through the lookup `computeMetric.ts` passes in (no cycle).
 */
import { z } from 'zod';
import { InvalidInputError, UnknownMetricError } from '../errors/index.js';
import { pairedBootstrapDelta } from '../stats/pairedBootstrapDelta.js';
import { BOOTSTRAP_METRIC_NAME, type MetricLookup } from './bootstrapDefinition.js';
import { defineMetric } from './defineMetric.js';

export const PAIRED_BOOTSTRAP_METRIC_NAME = 'pairedBootstrapDelta';

function fail(path: (string | number)[], message: string): never {
  throw new InvalidInputError(message, [{ path, message }]);
}

/** The per-row arrays of an input (every top-level array), checked to have one length n. */
function rowArrays(inputs: Record<string, Record<string, unknown>>): number {
  let n: number | undefined;
  let first = '';
  for (const [side, input] of Object.entries(inputs)) {
    for (const [key, value] of Object.entries(input)) {
      if (!Array.isArray(value)) continue;
      if (n === undefined) {
        n = value.length;
        first = `${side}.${key}`;
      } else if (value.length !== n) {
        fail(
          [side, key],
          `the paired bootstrap resamples rows: every array of inputA and inputB needs one entry per row, but ${first} has ${n} and ${side}.${key} has ${value.length}`,
        );
      }
    }
  }
  if (n === undefined || n === 0)
    fail(['inputA'], 'inputA and inputB have no per-row arrays to resample');
  return n;
}

function pick(input: Record<string, unknown>, indices: Uint32Array): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  for (const [key, values] of Object.entries(input)) {
    if (!Array.isArray(values)) continue;
    const picked = new Array<unknown>(indices.length);
    for (let i = 0; i < indices.length; i++) picked[i] = values[indices[i] as number];
    out[key] = picked;
  }
  return out;
}

export const ZPairedBootstrapResultSchema = z.object({
  estimateA: z.number().meta({ description: 'The metric on inputA (all rows).' }),
  estimateB: z.number().meta({ description: 'The metric on inputB (all rows).' }),
  delta: z.number().meta({ description: 'estimateA − estimateB.' }),
  low: z.number().meta({ description: 'Lower bound of the percentile interval of the delta.' }),
  high: z.number(),
  confidenceLevel: z.number(),
  nResamples: z.number().int(),
  skipped: z.number().int().meta({ description: 'Resamples on which the metric was undefined.' }),
  seed: z.number().int().nullable(),
  pValue: z.number().meta({
    description:
      'Two-sided bootstrap p-value of delta = 0: 2·min(share ≤ 0, share ≥ 0), capped at 1.',
  }),
  method: z.literal('paired-percentile'),
});

/** The registry entry `pairedBootstrapDelta`, bound to a registry's lookup. */
export const pairedBootstrapDefinitionOf = (lookup: MetricLookup) =>
  defineMetric({
    name: PAIRED_BOOTSTRAP_METRIC_NAME,
    family: 'stats',
    description:
      'Paired percentile bootstrap of metric(inputA) − metric(inputB) for any other registered metric: both inputs are resampled with the SAME row indices (two systems on the same rows).',
    input: z.strictObject({
      metric: z.string().meta({ description: 'The registered metric to compare.' }),
      inputA: z.record(z.string(), z.unknown()).meta({
        description:
          "System A's input of that metric; every top-level array has one entry per row.",
      }),
      inputB: z.record(z.string(), z.unknown()).meta({
        description: "System B's input, the same rows (e.g. the same yTrue, B's yPred).",
      }),
      params: z.record(z.string(), z.unknown()).optional(),
    }),
    params: z.strictObject({
      nResamples: z.number().int().min(1).max(100_000).default(1000),
      confidenceLevel: z.number().gt(0).lt(1).default(0.95),
      seed: z.number().int().default(0).meta({ description: 'Same seed, same resampled rows.' }),
      field: z
        .string()
        .default('value')
        .meta({ description: 'The numeric result field compared.' }),
    }),
    result: ZPairedBootstrapResultSchema,
    compute: (input, params, context) => {
      if (input.metric === BOOTSTRAP_METRIC_NAME || input.metric === PAIRED_BOOTSTRAP_METRIC_NAME)
        fail(['metric'], `the paired bootstrap cannot resample '${input.metric}'; choose a metric`);
      try {
        lookup.getMetric(input.metric);
      } catch (error) {
        if (!(error instanceof UnknownMetricError)) throw error;
        fail(['metric'], error.message);
      }
      const n = rowArrays({ inputA: input.inputA, inputB: input.inputB });
      const statistic = (side: Record<string, unknown>, label: string) => (idx: Uint32Array) => {
        const result = lookup.computeMetric(input.metric, pick(side, idx), input.params, {
          limits: context.limits,
        });
        const value = result[params.field];
        if (typeof value !== 'number')
          fail(
            ['field'],
            `${input.metric} has no numeric result field '${params.field}' (${label})`,
          );
        return value;
      };
      try {
        return pairedBootstrapDelta(
          n,
          statistic(input.inputA, 'inputA'),
          statistic(input.inputB, 'inputB'),
          params,
        );
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        throw new InvalidInputError(`${input.metric}: ${error.message}`, error.issues);
      }
    },
  });
