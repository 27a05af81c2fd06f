/**
 * The one-pass 13a tokenizer must give exactly the tokens of the four regular-expression passes
 * (the literal port of sacrebleu's rules, which the golden text cases check) wherever it answers.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../stats/random.js';
import { tokenize13aRegex, tokenize13aScan } from '../bleuTokenizers.js';

const ALPHABET = [
  'a',
  'Z',
  'é',
  '😀',
  '0',
  '7',
  '9',
  '.',
  ',',
  '-',
  "'",
  '(',
  ')',
  '"',
  '/',
  '&',
  '@',
  '~',
  '_',
  '`',
  '{',
  '[',
  '\\',
  ' ',
  ' ',
  '\t',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\u001f',
  '\u0085',
  '\ufeff',
];

describe('tokenize13aScan(text) = tokenize13aRegex(text)', () => {
  it('on 20 000 random strings over digits, punctuation, letters and whitespace', () => {
    const random = new SeededRandom(13);
    let scanned = 0;
    for (let k = 0; k < 20_000; k++) {
      const length = random.nextIndex(12);
      let text = '';
      for (let i = 0; i < length; i++) text += ALPHABET[random.nextIndex(ALPHABET.length)];
      const fast = tokenize13aScan(text);
      if (fast === undefined) continue;
      scanned++;
      expect(fast, JSON.stringify(text)).toEqual(tokenize13aRegex(text));
    }
    expect(scanned).toBeGreaterThan(10_000);
  });

  it('examples: numbers keep their separators, sentence punctuation splits off', () => {
    expect(tokenize13aScan('It costs $3.50, or 1,000-2,000 (approx.) e.g. 4-5')).toEqual(
      tokenize13aRegex('It costs $3.50, or 1,000-2,000 (approx.) e.g. 4-5'),
    );
    expect(tokenize13aScan('Wait...')).toBeUndefined();
  });
});
