/**
 * Python's notion of whitespace (`str.isspace()`), which `str.split()` and `str.rstrip()` use. It
 * differs from JavaScript's `\s`: it includes U+001C–U+001F and U+0085 and excludes U+FEFF.
 */
const PY_WHITESPACE =
  '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPLIT_RE = new RegExp(`[${PY_WHITESPACE}]+`, 'u');
const RSTRIP_RE = new RegExp(`[${PY_WHITESPACE}]+$`, 'u');

/** Python's `text.split()`: split on runs of whitespace, no empty tokens. */
export function pySplit(text: string): string[] {
  return text.split(SPLIT_RE).filter((token) => token !== '');
}

/** Python's `text.rstrip()`. */
export function pyRstrip(text: string): string {
  return text.replace(RSTRIP_RE, '');
}
