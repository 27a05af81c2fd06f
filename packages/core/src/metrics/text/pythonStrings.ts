/**
 * Python's notion of whitespace (`str.isspace()`), which `str.split()` and `str.rstrip()` use. It
 * differs from JavaScript's `\s`: it includes U+001C–U+001F and U+0085 and excludes U+FEFF:
 * `\t \n \x0b \x0c \r \x1c-\x1f space \x85 \xa0 \u1680 \u2000-\u200a \u2028 \u2029 \u202f \u205f
 * \u3000`. All of them are in the BMP, so one UTF-16 unit is one character here.
 */
export function isPyWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code >= 0x1c;
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Python's `text.split()`: split on runs of whitespace, no empty tokens. One pass, no regex. */
export function pySplit(text: string): string[] {
  const tokens: string[] = [];
  const n = text.length;
  let start = -1;
  for (let i = 0; i < n; i++) {
    if (isPyWhitespace(text.charCodeAt(i))) {
      if (start >= 0) {
        tokens.push(text.slice(start, i));
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) tokens.push(text.slice(start));
  return tokens;
}

/** Python's `text.rstrip()`. */
export function pyRstrip(text: string): string {
  let end = text.length;
  while (end > 0 && isPyWhitespace(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}
