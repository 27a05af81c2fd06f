import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { assertNonEmpty, assertSameLength } from '../../guards/index.js';
import { type ComputeLimits, checkLimit, resolveLimits } from '../../limits/index.js';
import { defineMetric } from '../defineMetric.js';
import { TEXT_SIGNATURE_VERSION } from './bleuScore.js';
import { porterStem } from './porterStemmer.js';

/** `rouge-score` (the reference's ASCII tokenizer) or `unicode` (letters and digits of any script). */
export type RougeTokenizer = 'rouge-score' | 'unicode';

export interface RougeOptions {
  /**
   * `rouge-score` reproduces the reference, which drops every character outside `[a-z0-9]` (so
   * non-Latin text scores 0); `unicode` keeps letters, marks and digits of every script (NFKC,
   * lowercased). The signature records the choice. @default 'rouge-score'
   */
  tokenizer?: RougeTokenizer;
  /** `rouge1`…`rouge9` (n-grams), `rougeL` (LCS), `rougeLsum` (summary-level LCS over lines). */
  rougeTypes?: readonly string[];
  /** Porter-stem tokens longer than 3 characters. @default false */
  useStemmer?: boolean;
}

const ZScoreSchema = z.object({ precision: z.number(), recall: z.number(), fmeasure: z.number() });
export type TRougeScore = z.infer<typeof ZScoreSchema>;

export const ZRougeResultSchema = z.object({
  scores: z.array(z.record(z.string(), ZScoreSchema)),
  mean: z.record(z.string(), ZScoreSchema),
  signature: z.string(),
});
export type TRougeResult = z.infer<typeof ZRougeResultSchema>;

/**
 * Tokenizes like rouge-score's default tokenizer: lowercase, every run outside `[a-z0-9]` becomes a
 * space (so `café` → `caf` and non-Latin scripts vanish), split, and with the stemmer tokens longer
 * than 3 characters go through NLTK's Porter stemmer. With `tokenizer: 'unicode'` (an Assay
 * extension) text is NFKC-normalised and lowercased, tokens are runs of letters, marks and digits of
 * any script, and only ASCII tokens longer than 3 characters are stemmed (Porter is for English).
 */
export function rougeTokenize(
  text: string,
  useStemmer: boolean,
  tokenizer: RougeTokenizer = 'rouge-score',
): string[] {
  if (tokenizer === 'unicode') {
    return text
      .normalize('NFKC')
      .toLowerCase()
      .split(/[^\p{L}\p{M}\p{N}]+/u)
      .filter((t) => t !== '')
      .map((t) => (useStemmer && t.length > 3 && /^[a-z]+$/.test(t) ? porterStem(t) : t));
  }
  const tokens = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(/\s+/);
  return tokens
    .map((t) => (useStemmer && t.length > 3 ? porterStem(t) : t))
    .filter((t) => /^[a-z0-9]+$/.test(t));
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngrams(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function scoreNgrams(target: Map<string, number>, prediction: Map<string, number>): TRougeScore {
  let overlap = 0;
  let targetCount = 0;
  let predictionCount = 0;
  for (const [key, c] of target) {
    overlap += Math.min(c, prediction.get(key) ?? 0);
    targetCount += c;
  }
  for (const c of prediction.values()) predictionCount += c;
  const precision = overlap / Math.max(predictionCount, 1);
  const recall = overlap / Math.max(targetCount, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function lcsTable(ref: readonly string[], can: readonly string[]): Int32Array[] {
  const table = Array.from({ length: ref.length + 1 }, () => new Int32Array(can.length + 1));
  for (let i = 1; i <= ref.length; i++) {
    const row = table[i] as Int32Array;
    const up = table[i - 1] as Int32Array;
    for (let j = 1; j <= can.length; j++) {
      row[j] =
        ref[i - 1] === can[j - 1]
          ? (up[j - 1] as number) + 1
          : Math.max(up[j] as number, row[j - 1] as number);
    }
  }
  return table;
}

function scoreLcs(target: readonly string[], prediction: readonly string[]): TRougeScore {
  if (target.length === 0 || prediction.length === 0)
    return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = (lcsTable(target, prediction)[target.length] as Int32Array)[
    prediction.length
  ] as number;
  const precision = lcs / prediction.length;
  const recall = lcs / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Indices in `ref` of one LCS with `can` (rouge-score `_backtrack_norec`). */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const t = lcsTable(ref, can);
  let i = ref.length;
  let j = can.length;
  const indices: number[] = [];
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      indices.unshift(i - 1);
      i--;
      j--;
    } else if (((t[i] as Int32Array)[j - 1] as number) > ((t[i - 1] as Int32Array)[j] as number)) {
      j--;
    } else {
      i--;
    }
  }
  return indices;
}

function countTokens(sentences: readonly (readonly string[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sentences) for (const t of s) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** rouge-score `_summary_level_lcs`: union LCS per reference sentence, hits clipped per token. */
function summaryLevelLcs(
  refSents: readonly string[][],
  canSents: readonly string[][],
): TRougeScore {
  const zero = { precision: 0, recall: 0, fmeasure: 0 };
  if (refSents.length === 0 || canSents.length === 0) return zero;
  const m = refSents.reduce((a, s) => a + s.length, 0);
  const n = canSents.reduce((a, s) => a + s.length, 0);
  if (n === 0 || m === 0) return zero;
  const refCounts = countTokens(refSents);
  const canCounts = countTokens(canSents);
  let hits = 0;
  for (const ref of refSents) {
    const union = new Set<number>();
    for (const can of canSents) for (const i of lcsIndices(ref, can)) union.add(i);
    for (const i of [...union].sort((a, b) => a - b)) {
      const token = ref[i] as string;
      const c = canCounts.get(token) ?? 0;
      const r = refCounts.get(token) ?? 0;
      if (c > 0 && r > 0) {
        hits++;
        canCounts.set(token, c - 1);
        refCounts.set(token, r - 1);
      }
    }
  }
  const recall = hits / m;
  const precision = hits / n;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function checkRougeType(type: string, i: number): void {
  if (type === 'rougeL' || type === 'rougeLsum' || /^rouge[1-9]$/.test(type)) return;
  const message = `rougeTypes[${i}] is ${JSON.stringify(type)}: invalid rouge type; expected rouge1…rouge9, rougeL or rougeLsum`;
  throw new InvalidInputError(message, [{ path: ['rougeTypes', i], message }]);
}

/** ROUGE of one prediction against its reference (rouge-score `RougeScorer.score`). */
function scorePair(
  target: string,
  prediction: string,
  types: readonly string[],
  useStemmer: boolean,
  tokenizer: RougeTokenizer,
): Record<string, TRougeScore> {
  const targetTokens = rougeTokenize(target, useStemmer, tokenizer);
  const predictionTokens = rougeTokenize(prediction, useStemmer, tokenizer);
  const sentences = (text: string) =>
    text
      .split('\n')
      .filter((s) => s.length > 0)
      .map((s) => rougeTokenize(s, useStemmer, tokenizer));
  const result: Record<string, TRougeScore> = {};
  for (const type of types) {
    if (type === 'rougeL') {
      result[type] = scoreLcs(targetTokens, predictionTokens);
    } else if (type === 'rougeLsum') {
      result[type] = summaryLevelLcs(sentences(target), sentences(prediction));
    } else {
      const n = Number(type.slice(5));
      result[type] = scoreNgrams(ngrams(targetTokens, n), ngrams(predictionTokens, n));
    }
  }
  return result;
}

/**
 * ROUGE-N / ROUGE-L / ROUGE-Lsum precision, recall and F1 per prediction–reference pair, and their
 * arithmetic mean over pairs (no bootstrap), exactly as Google's rouge-score 0.1.2
 * `RougeScorer(rougeTypes, use_stemmer).score(target=reference, prediction)`.
 *
 * Its tokenizer keeps only `[a-z0-9]` after lowercasing, so accented letters split words and
 * non-Latin text scores 0 (that is the reference behaviour). rougeL is the LCS over the whole text;
 * rougeLsum splits on `\n` and takes the union LCS of each reference sentence with every predicted
 * sentence, each token counted at most as often as it occurs. Empty token lists score 0.
 *
 * @param limits - `maxLcsTokens`: with rougeL or rougeLsum, tokens per prediction or reference
 * (default 4096), checked for every text before any is scored.
 * @throws InvalidInputError on an invalid rouge type, mismatched or empty input.
 * @throws LimitExceededError when a text has more than `maxLcsTokens` tokens (rougeL, rougeLsum).
 */
export function rouge(
  predictions: readonly string[],
  references: readonly string[],
  options: RougeOptions = {},
  limits?: Partial<ComputeLimits>,
): TRougeResult {
  const {
    rougeTypes = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'],
    useStemmer = false,
    tokenizer = 'rouge-score',
  } = options;
  if (tokenizer !== 'rouge-score' && tokenizer !== 'unicode') {
    const message = `unknown tokenizer ${JSON.stringify(tokenizer)}; expected rouge-score or unicode`;
    throw new InvalidInputError(message, [{ path: ['tokenizer'], message }]);
  }
  if (rougeTypes.length === 0) {
    const message = 'rougeTypes is empty; name at least one rouge type';
    throw new InvalidInputError(message, [{ path: ['rougeTypes'], message }]);
  }
  rougeTypes.forEach(checkRougeType);
  assertSameLength('predictions', predictions, 'references', references, 'texts');
  assertNonEmpty('predictions', predictions);
  if (rougeTypes.includes('rougeL') || rougeTypes.includes('rougeLsum')) {
    // The LCS table is tokens × tokens: measure every text before scoring any.
    const bounds = resolveLimits(limits);
    const check = (texts: readonly string[], name: string) => {
      for (const [i, text] of texts.entries()) {
        checkLimit(
          bounds,
          'maxLcsTokens',
          rougeTokenize(text, false, tokenizer).length,
          `${name}[${i}] has more tokens than ROUGE-L accepts per text`,
          [name, i],
        );
      }
    };
    check(predictions, 'predictions');
    check(references, 'references');
  }
  const scores = predictions.map((p, i) =>
    scorePair(references[i] as string, p, rougeTypes, useStemmer, tokenizer),
  );
  const mean: Record<string, TRougeScore> = {};
  for (const type of rougeTypes) {
    const m = { precision: 0, recall: 0, fmeasure: 0 };
    for (const s of scores) {
      const score = s[type] as TRougeScore;
      m.precision += score.precision;
      m.recall += score.recall;
      m.fmeasure += score.fmeasure;
    }
    mean[type] = {
      precision: m.precision / scores.length,
      recall: m.recall / scores.length,
      fmeasure: m.fmeasure / scores.length,
    };
  }
  return {
    scores,
    mean,
    signature: `types:${rougeTypes.join(',')}|tok:${tokenizer}|stem:${useStemmer ? 'porter-nltk' : 'no'}|version:${TEXT_SIGNATURE_VERSION.replace('sacrebleu.2.6.0', 'rouge-score.0.1.2')}`,
  };
}

export const rougeMetric = defineMetric({
  name: 'rouge',
  family: 'text',
  description:
    'ROUGE-N/L/Lsum precision, recall and F1 per pair and their mean, Google rouge-score 0.1.2 semantics.',
  input: z.strictObject({
    predictions: z.array(z.string()).meta({ description: 'Generated texts.' }),
    references: z.array(z.string()).meta({ description: 'One reference text per prediction.' }),
  }),
  params: z.strictObject({
    rougeTypes: z
      .array(z.string())
      .default(['rouge1', 'rouge2', 'rougeL', 'rougeLsum'])
      .meta({ description: 'rouge1…rouge9, rougeL, rougeLsum.' }),
    useStemmer: z.boolean().default(false).meta({ description: 'NLTK Porter stemming.' }),
    tokenizer: z.enum(['rouge-score', 'unicode']).default('rouge-score').meta({
      description: 'rouge-score (reference, ASCII only) or unicode (any script).',
    }),
  }),
  result: ZRougeResultSchema,
  compute: (input, params, { limits }) =>
    rouge(input.predictions, input.references, params, limits),
});
