/** A class label: a number or a string (one array never mixes the two). */
export type Label = number | string;

/**
 * Orders two strings by Unicode code point, as Python and NumPy do (`sorted`, `np.unique`).
 *
 * JavaScript's `<` compares UTF-16 code units, which puts U+E000–U+FFFF (e.g. `"ｚ"` U+FF5A)
 * after astral characters (e.g. `"😀"` U+1F600, stored as surrogates U+D83D U+DE00). At the first
 * differing unit, shifting surrogates above U+FFFF and U+E000–U+FFFF below them restores code-point
 * order without decoding the strings.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/**
 * Compares labels as the reference does: numbers numerically (2 < 9 < 10), strings by code point.
 * (A number sorts before a string, but validated inputs never mix them.)
 */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number') {
    return typeof b === 'number' ? a - b : -1;
  }
  return typeof b === 'string' ? compareCodePoints(a, b) : 1;
}
