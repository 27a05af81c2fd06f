export { corpusBleu } from './bleu.js';
export {
  type BleuOptions,
  type BleuSmoothMethod,
  type TBleuResult,
  TEXT_SIGNATURE_VERSION,
} from './bleuScore.js';
export { type BleuTokenizer, bleuTokenize } from './bleuTokenizers.js';
export { sentenceBleu } from './sentenceBleu.js';
