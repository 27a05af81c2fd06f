import { pySplit } from './pythonStrings.js';

/** sacrebleu's BLEU tokenizers. */
export type BleuTokenizer = '13a' | 'intl' | 'char' | 'none';
export const BLEU_TOKENIZERS: readonly BleuTokenizer[] = ['13a', 'intl', 'char', 'none'];

// sacrebleu TokenizerRegexp (the mteval-v13a rules), applied in order.
const RE_13A: [RegExp, string][] = [
  // { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ /
  [/([{-~[-` -&(-+:-@/])/g, ' $1 '],
  // period and comma unless preceded by a digit
  [/([^0-9])([.,])/g, '$1 $2 '],
  // period and comma unless followed by a digit
  [/([.,])([^0-9])/g, ' $1 $2'],
  // dash when preceded by a digit
  [/([0-9])(-)/g, '$1 $2 '],
];

// sacrebleu TokenizerV14International (Unicode properties through the `regex` module).
const RE_INTL: [RegExp, string][] = [
  [/(\P{N})(\p{P})/gu, '$1 $2 '],
  [/(\p{P})(\P{N})/gu, ' $1 $2'],
  [/(\p{S})/gu, ' $1 '],
];

function tokenize13a(line: string): string[] {
  let text = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) {
    text = text
      .replaceAll('&quot;', '"')
      .replaceAll('&amp;', '&')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>');
  }
  text = ` ${text} `;
  for (const [re, replacement] of RE_13A) text = text.replace(re, replacement);
  return pySplit(text);
}

function tokenizeIntl(line: string): string[] {
  let text = line;
  for (const [re, replacement] of RE_INTL) text = text.replace(re, replacement);
  return pySplit(text);
}

/**
 * Splits one segment into tokens exactly as sacrebleu 2.6.0 does:
 * - `13a` (mteval-v13a): remove `<skipped>`, join `-\n`, unescape `&quot; &amp; &lt; &gt;`, put
 *   spaces around ASCII punctuation except `'`, `-`, `.`, `,`; split `.`/`,` unless between digits
 *   and `-` after a digit;
 * - `intl`: split Unicode punctuation (`\p{P}`) next to a non-digit and every symbol (`\p{S}`);
 * - `char`: every code point is a token (whitespace dropped);
 * - `none`: whitespace only.
 * Whitespace is Python's (`str.split()`).
 */
export function bleuTokenize(line: string, tokenizer: BleuTokenizer): string[] {
  switch (tokenizer) {
    case '13a':
      return tokenize13a(line);
    case 'intl':
      return tokenizeIntl(line);
    case 'char':
      return pySplit(Array.from(line).join(' '));
    case 'none':
      return pySplit(line);
  }
}
