export { type BleuShardState, bleuShard, finishBleuShards } from './bleuShards.js';
export {
  COUNTED_SHARD_METRICS,
  checkShardableRequest,
  SHARDABLE_METRICS,
  SUMMED_SHARD_METRICS,
} from './checkShardableRequest.js';
export { type ChrfShardState, chrfShard, finishChrfShards } from './chrfShards.js';
export { evaluateShard } from './evaluateShard.js';
export { finishShardedEvaluation } from './finishShardedEvaluation.js';
export { mergeShardStates } from './mergeShardStates.js';
export { finishTerShards, type TerShardState, terShard } from './terShards.js';
export type {
  EvaluateShardOptions,
  EvaluationShardState,
  MetricShardState,
  RowRange,
  SummaryShardState,
} from './types.js';
