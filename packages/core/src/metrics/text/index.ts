export { corpusBleu } from './bleu.js';
export {
  type BleuOptions,
  type BleuSmoothMethod,
  type TBleuResult,
  TEXT_SIGNATURE_VERSION,
} from './bleuScore.js';
export { type BleuTokenizer, bleuTokenize } from './bleuTokenizers.js';
export { type ChrfOptions, chrf, type TChrfResult } from './chrf.js';
export { porterStem } from './porterStemmer.js';
export {
  type RougeOptions,
  type RougeTokenizer,
  rouge,
  rougeTokenize,
  type TRougeResult,
  type TRougeScore,
} from './rouge.js';
export { sentenceBleu } from './sentenceBleu.js';
export { type TerOptions, type TTerResult, ter } from './ter.js';
export { translationEditRate } from './terEditDistance.js';
