import { isPyWhitespace, pySplit } from './pythonStrings.js';

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

// Rule 1 changes the tokens only when one of its characters other than the space occurs; rules 2
// and 3 need a period or comma, rule 4 a dash. Skipping a rule whose characters are absent gives
// the same tokens (the space-only effect of rule 1 is whitespace).
const RULE_1_CHARS = /[{-~[-`!-&(-+:-@/]/;

/** The 13a rules as sacrebleu applies them: four regular-expression passes, then a split. */
export function tokenize13aRegex(line: string): string[] {
  let text = ` ${line} `;
  const [rule1, rule2, rule3, rule4] = RE_13A as [
    [RegExp, string],
    [RegExp, string],
    [RegExp, string],
    [RegExp, string],
  ];
  if (RULE_1_CHARS.test(text)) text = text.replace(rule1[0], rule1[1]);
  if (text.includes('.') || text.includes(',')) {
    text = text.replace(rule2[0], rule2[1]).replace(rule3[0], rule3[1]);
  }
  if (text.includes('-')) text = text.replace(rule4[0], rule4[1]);
  return pySplit(text);
}

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isPeriodOrComma = (code: number): boolean => code === 0x2e || code === 0x2c;
/** Rule 1's characters other than the space: `!"#$%&()*+/:;<=>?@[\]^_\`{|}~`. */
const isRule1 = (code: number): boolean =>
  (code >= 0x21 && code <= 0x26) ||
  (code >= 0x28 && code <= 0x2b) ||
  code === 0x2f ||
  (code >= 0x3a && code <= 0x40) ||
  (code >= 0x5b && code <= 0x60) ||
  (code >= 0x7b && code <= 0x7e);

/**
 * The 13a rules in one pass, for lines in which no period or comma touches another (`...`, `.,`):
 * there each of them is decided by its own neighbours alone, so the passes reduce to
 * - rule 1: each of its characters is a token;
 * - rules 2 and 3: a period or comma is a token unless both neighbours are digits (rule 2 splits
 *   it off after a non-digit, rule 3 before a non-digit, each on both sides);
 * - rule 4: a dash after a digit is a token;
 * and Python's whitespace separates tokens. Calls `emit(start, end)` for each token of `text` in
 * order and returns true; returns false (tokens emitted so far are void) on a line it does not
 * handle, which must take {@link tokenize13aRegex}. A test checks that both agree on random text.
 */
export function scan13a(text: string, emit: (start: number, end: number) => void): boolean {
  const n = text.length;
  let start = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let alone = false;
    if (isPyWhitespace(c)) {
      if (start >= 0) emit(start, i);
      start = -1;
      continue;
    }
    if (isRule1(c)) {
      alone = true;
    } else if (isPeriodOrComma(c)) {
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0x20;
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0x20;
      if (isPeriodOrComma(prev) || isPeriodOrComma(next)) return false;
      alone = !(isDigit(prev) && isDigit(next));
    } else if (c === 0x2d) {
      alone = i > 0 && isDigit(text.charCodeAt(i - 1));
    }
    if (alone) {
      if (start >= 0) emit(start, i);
      emit(i, i + 1);
      start = -1;
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) emit(start, n);
  return true;
}

/** {@link scan13a} as strings, or `undefined` where it does not apply. */
export function tokenize13aScan(text: string): string[] | undefined {
  const tokens: string[] = [];
  return scan13a(text, (start, end) => tokens.push(text.slice(start, end))) ? tokens : undefined;
}

/** The steps of 13a before its rules: drop `<skipped>`, join `-\n`, unescape four entities. */
export function unescape13a(line: string): string {
  let text = line;
  if (text.includes('<skipped>')) text = text.replaceAll('<skipped>', '');
  if (text.includes('\n')) text = text.replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) {
    text = text
      .replaceAll('&quot;', '"')
      .replaceAll('&amp;', '&')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>');
  }
  return text;
}

function tokenize13a(line: string): string[] {
  const text = unescape13a(line);
  return tokenize13aScan(text) ?? tokenize13aRegex(text);
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
