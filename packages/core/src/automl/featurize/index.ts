export { type FeaturizerOptions, fitFeaturizer, planOutputs } from './fitFeaturizer.js';
export { type InferOptions, inferColumnType, parseDate } from './inferColumnType.js';
export {
  datePart,
  encodeRawValue,
  encodeTable,
  featurizedWidth,
  transformRaw,
} from './transform.js';
export * from './types.js';
