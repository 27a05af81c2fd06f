/**
 * MurmurHash3_x86_32 against scikit-learn 1.2.1's `sklearn.utils.murmurhash3_32` (values printed
 * by Debian's Python: `murmurhash3_32(key, seed=...)`, a `str` key hashed as UTF-8, signed).
 */
import { describe, expect, it } from 'vitest';
import { murmurhash3Bytes, murmurhash3String } from '../featurize/murmurhash3.js';

describe('murmurhash3String equals sklearn.utils.murmurhash3_32', () => {
  it('ASCII keys of every tail length, and a long one (seed 0)', () => {
    const cases: [string, number][] = [
      ['', 0],
      ['a', 1009084850],
      ['ab', -1681926305],
      ['abc', -1277324294],
      ['abcd', 1139631978],
      ['abcde', -392455434],
      ['Paris', -820467955],
      ['hello world', 1586663183],
      ['The quick brown fox jumps over the lazy dog', 776992547],
      ['x'.repeat(1000), 1897939982],
    ];
    for (const [key, h] of cases) expect(murmurhash3String(key), key.slice(0, 20)).toBe(h);
  });

  it('non-ASCII keys: accents, CJK, emoji and a flag (UTF-8 bytes)', () => {
    const cases: [string, number][] = [
      ['café', 605818632],
      ['Zürich', 694770001],
      ['東京', -1765863102],
      ['😀', -1095487750],
      ['São Paulo 🇧🇷', -1425898259],
      ['naïve—ligne', -1051723803],
    ];
    for (const [key, h] of cases) expect(murmurhash3String(key), key).toBe(h);
  });

  it('other seeds, and raw bytes with a seed of 2³² − 1', () => {
    expect(murmurhash3String('', 42)).toBe(142593372);
    expect(murmurhash3String('a', 42)).toBe(-1293573533);
    expect(murmurhash3String('Paris', 42)).toBe(-556873394);
    expect(murmurhash3String('😀', 42)).toBe(1877935379);
    const bytes = Uint8Array.of(0x00, 0xff, 0x80, 0x7f);
    expect(murmurhash3Bytes(bytes)).toBe(573181294);
    expect(murmurhash3Bytes(bytes, 0xffffffff)).toBe(1040560330);
  });

  it('answers a signed 32-bit integer', () => {
    for (let i = 0; i < 200; i++) {
      const h = murmurhash3String(`key-${i}`);
      expect(Number.isInteger(h) && h >= -(2 ** 31) && h < 2 ** 31).toBe(true);
    }
  });
});
