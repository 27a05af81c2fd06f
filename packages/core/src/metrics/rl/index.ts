export {
  type AverageReturnOptions,
  averageReturn,
  type TAverageReturnResult,
} from './averageReturn.js';
export {
  type CompareReturnsOptions,
  compareReturns,
  type TCompareReturnsResult,
  ZCompareReturnsResultSchema,
} from './compareReturns.js';
export {
  type EpisodeCurvesOptions,
  type EpisodeReturn,
  episodeCurves,
  type TEpisodeCurvesResult,
  ZEpisodeCurvesResultSchema,
} from './episodeCurves.js';
export { regret, type TRegretResult } from './regret.js';
