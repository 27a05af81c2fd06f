export { mapAtK } from './mapAtK.js';
export { meanReciprocalRank } from './mrr.js';
export { type NdcgOptions, ndcgScore } from './ndcg.js';
export { precisionAtK } from './precisionAtK.js';
export { recallAtK } from './recallAtK.js';
export type { ItemId } from './recommender.js';
