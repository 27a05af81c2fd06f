export { type FeaturizerOptions, fitFeaturizer, planOutputs } from './fitFeaturizer.js';
export { type InferOptions, inferColumnType, parseDate } from './inferColumnType.js';
export { murmurhash3Bytes, murmurhash3String } from './murmurhash3.js';
export {
  datePart,
  encodeRawValue,
  encodeTable,
  featurizedWidth,
  hashColumn,
  transformRaw,
} from './transform.js';
export * from './types.js';
