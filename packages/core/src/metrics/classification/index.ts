export { type AccuracyScoreOptions, accuracyScore } from './accuracy.js';
