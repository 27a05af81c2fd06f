import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { type BleuStatistics, MAX_NGRAM_ORDER } from './bleuStatistics.js';
import { BLEU_TOKENIZERS, type BleuTokenizer } from './bleuTokenizers.js';

export type BleuSmoothMethod = 'exp' | 'floor' | 'add-k' | 'none';
const SMOOTH_METHODS: readonly BleuSmoothMethod[] = ['exp', 'floor', 'add-k', 'none'];
const SMOOTH_DEFAULTS: Record<BleuSmoothMethod, number | undefined> = {
  exp: undefined,
  floor: 0.1,
  'add-k': 1,
  none: undefined,
};

/** Which Assay and which reference behaviour the text signatures stand for. */
export const TEXT_SIGNATURE_VERSION = 'assay-core.0.1.0+sacrebleu.2.6.0';

export interface BleuOptions {
  /** @default '13a' */
  tokenize?: BleuTokenizer;
  /**
   * `exp`: the k-th order without matches gets 100/(2ᵏ·total); `floor`: 100·smoothValue/total;
   * `add-k`: smoothValue is added to the counts and totals of orders ≥ 2; `none`. @default 'exp'
   */
  smoothMethod?: BleuSmoothMethod;
  /** `floor` value (default 0.1) or `add-k` k (default 1); ignored otherwise. */
  smoothValue?: number;
  /** Lowercase hypotheses and references before tokenizing. @default false */
  lowercase?: boolean;
}

export const ZBleuParamsSchema = z.strictObject({
  tokenize: z.enum(['13a', 'intl', 'char', 'none']).default('13a').meta({
    description: 'sacrebleu tokenizer: 13a (mteval), intl (Unicode punctuation), char, none.',
  }),
  smoothMethod: z
    .enum(['exp', 'floor', 'add-k', 'none'])
    .default('exp')
    .meta({ description: 'Smoothing of zero n-gram matches.' }),
  smoothValue: z
    .number()
    .nonnegative()
    .optional()
    .meta({ description: 'floor value (default 0.1) or add-k k (default 1).' }),
  lowercase: z.boolean().default(false).meta({ description: 'Case-insensitive BLEU.' }),
});

export const ZBleuResultSchema = z.object({
  score: z.number(),
  counts: z.array(z.number()),
  totals: z.array(z.number()),
  precisions: z.array(z.number()),
  bp: z.number(),
  sysLen: z.number(),
  refLen: z.number(),
  signature: z.string(),
});
export type TBleuResult = z.infer<typeof ZBleuResultSchema>;

/** Validates the options shared by corpus and sentence BLEU (for direct calls). */
export function checkBleuOptions(options: BleuOptions): Required<
  Omit<BleuOptions, 'smoothValue'>
> & {
  smoothValue: number | undefined;
} {
  const { tokenize = '13a', smoothMethod = 'exp', lowercase = false } = options;
  if (!BLEU_TOKENIZERS.includes(tokenize)) {
    const message = `unknown tokenizer ${JSON.stringify(tokenize)}; expected one of ${BLEU_TOKENIZERS.join(', ')}`;
    throw new InvalidInputError(message, [{ path: ['tokenize'], message }]);
  }
  if (!SMOOTH_METHODS.includes(smoothMethod)) {
    const message = `unknown smoothMethod ${JSON.stringify(smoothMethod)}; expected one of ${SMOOTH_METHODS.join(', ')}`;
    throw new InvalidInputError(message, [{ path: ['smoothMethod'], message }]);
  }
  return {
    tokenize,
    smoothMethod,
    lowercase,
    smoothValue: options.smoothValue ?? SMOOTH_DEFAULTS[smoothMethod],
  };
}

/** sacrebleu's `my_log`: log, with log(0) = −9999999999 so that the score becomes 0. */
const myLog = (x: number) => (x === 0 ? -9999999999 : Math.log(x));

/**
 * The BLEU score from summed statistics, line by line as sacrebleu 2.6.0's
 * `BLEU.compute_bleu`: brevity penalty exp(1 − r/c) when c < r (0 when c = 0 < r), early 0 when no
 * n-gram matches at all, smoothing, and with `effectiveOrder` the mean of logs over the orders
 * before the first with no hypothesis n-gram.
 */
export function bleuFromStatistics(
  stats: BleuStatistics,
  options: ReturnType<typeof checkBleuOptions>,
  effectiveOrder: boolean,
  nrefs: number | 'var',
): TBleuResult {
  const { smoothMethod, smoothValue, tokenize, lowercase } = options;
  const correct = [...stats.correct];
  const total = [...stats.total];
  const { sysLen, refLen } = stats;
  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  const precisions = new Array<number>(MAX_NGRAM_ORDER).fill(0);
  const smooth =
    smoothMethod === 'floor' || smoothMethod === 'add-k'
      ? `${smoothMethod}[${(smoothValue ?? 0).toFixed(2)}]`
      : smoothMethod;
  const signature = `nrefs:${nrefs}|case:${lowercase ? 'lc' : 'mixed'}|eff:${effectiveOrder ? 'yes' : 'no'}|tok:${tokenize}|smooth:${smooth}|version:${TEXT_SIGNATURE_VERSION}`;
  const result = (score: number): TBleuResult => ({
    score,
    counts: correct,
    totals: total,
    precisions,
    bp,
    sysLen,
    refLen,
    signature,
  });
  if (!correct.some((c) => c !== 0)) return result(0);
  let smoothMteval = 1;
  let effOrder = MAX_NGRAM_ORDER;
  for (let n = 1; n <= MAX_NGRAM_ORDER; n++) {
    if (smoothMethod === 'add-k' && n > 1) {
      correct[n - 1] = (correct[n - 1] as number) + (smoothValue as number);
      total[n - 1] = (total[n - 1] as number) + (smoothValue as number);
    }
    const t = total[n - 1] as number;
    if (t === 0) break;
    if (effectiveOrder) effOrder = n;
    const c = correct[n - 1] as number;
    if (c === 0) {
      if (smoothMethod === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * t);
      } else if (smoothMethod === 'floor') {
        precisions[n - 1] = (100 * (smoothValue as number)) / t;
      }
    } else {
      precisions[n - 1] = (100 * c) / t;
    }
  }
  let logSum = 0;
  for (let i = 0; i < effOrder; i++) logSum += myLog(precisions[i] as number);
  return result(bp * Math.exp(logSum / effOrder));
}
