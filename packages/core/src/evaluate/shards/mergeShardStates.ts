import { InvalidInputError } from '../../errors/index.js';
import { canonical } from '../canonical.js';
import { addExpansions } from './exactSum.js';
import type { EvaluationShardState, MetricShardState, SummaryShardState } from './types.js';

function fail(message: string): never {
  throw new InvalidInputError(message, [{ path: ['states'], message }]);
}

function mergeMetric(a: MetricShardState, b: MetricShardState): MetricShardState {
  if (a.kind === 'counts' && b.kind === 'counts') {
    if (canonical(a.fields) !== canonical(b.fields)) fail('shards feed a metric different fields');
    const byKey = new Map<string, [unknown[], number]>();
    for (const [tuple, count] of [...a.tuples, ...b.tuples]) {
      const key = JSON.stringify(tuple);
      const seen = byKey.get(key);
      if (seen === undefined) byKey.set(key, [tuple, count]);
      else seen[1] += count;
    }
    return { kind: 'counts', fields: a.fields, tuples: [...byKey.values()] };
  }
  if (a.kind === 'sums' && b.kind === 'sums') {
    return {
      kind: 'sums',
      n: a.n + b.n,
      absError: addExpansions(a.absError, b.absError),
      squaredError: addExpansions(a.squaredError, b.squaredError),
      error: addExpansions(a.error, b.error),
      errorSquares: addExpansions(a.errorSquares, b.errorSquares),
      absPercentError: addExpansions(a.absPercentError, b.absPercentError),
      sumTrue: addExpansions(a.sumTrue, b.sumTrue),
      sumTrueSquares: addExpansions(a.sumTrueSquares, b.sumTrueSquares),
    };
  }
  return fail(`shards hold a metric as '${a.kind}' and as '${b.kind}'`);
}

const pick = (a: number | null, b: number | null, f: (x: number, y: number) => number) =>
  a === null ? b : b === null ? a : f(a, b);

function mergeSummary(a: SummaryShardState, b: SummaryShardState): SummaryShardState {
  if (a.task === 'regression' && b.task === 'regression') {
    return {
      task: 'regression',
      n: a.n + b.n,
      sum: addExpansions(a.sum, b.sum),
      sumSquares: addExpansions(a.sumSquares, b.sumSquares),
      min: pick(a.min, b.min, Math.min),
      max: pick(a.max, b.max, Math.max),
    };
  }
  if (a.task !== 'regression' && b.task !== 'regression') {
    if (canonical(a.classes) !== canonical(b.classes)) fail('shards have different classes');
    return {
      task: a.task,
      classes: a.classes,
      actual: a.actual.map((v, c) => v + (b.actual[c] as number)),
      predicted: a.predicted.map((v, c) => v + (b.predicted[c] as number)),
      probability: a.probability.map((e, c) => addExpansions(e, b.probability[c] ?? [])),
    };
  }
  return fail('shards have different tasks');
}

function mergeTwo(a: EvaluationShardState, b: EvaluationShardState): EvaluationShardState {
  const same = (what: string, x: unknown, y: unknown) => {
    if (canonical(x) !== canonical(y))
      fail(`shards disagree on ${what}: ${canonical(x)} and ${canonical(y)}`);
  };
  same('the format', a.format, b.format);
  same('the task', a.task, b.task);
  same('the model', a.model, b.model);
  same('the target', a.target, b.target);
  same('the features', a.features, b.features);
  same(
    'the metrics',
    a.metrics.map((m) => [m.name, m.params]),
    b.metrics.map((m) => [m.name, m.params]),
  );
  return {
    ...a,
    rows: a.rows + b.rows,
    summary: mergeSummary(a.summary, b.summary),
    metrics: a.metrics.map((m, i) => ({
      ...m,
      state: mergeMetric(m.state, (b.metrics[i] as (typeof b.metrics)[number]).state),
    })),
    timing: {
      totalMs: a.timing.totalMs + b.timing.totalMs,
      predictMs: a.timing.predictMs + b.timing.predictMs,
      modelCalls: a.timing.modelCalls + b.timing.modelCalls,
    },
  };
}

/**
 * Merges shard states of one batch test into one state. The merge is exact — counts are added
 * and sums are exact expansions — so it is associative and commutative: any grouping and order
 * of the same shards finishes to the same numbers, bit for bit.
 * @throws InvalidInputError when `states` is empty or the shards disagree on the model, target,
 * features or metrics
 */
export function mergeShardStates(states: readonly EvaluationShardState[]): EvaluationShardState {
  const [first, ...rest] = states;
  if (first === undefined) fail('states is empty; merge at least one shard');
  return rest.reduce(mergeTwo, first);
}
