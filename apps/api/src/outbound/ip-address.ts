/**
 * IP addresses and CIDR blocks as 16 bytes (an IPv4 address as its IPv4-mapped IPv6 form,
 * `::ffff:a.b.c.d`, so that one comparison serves both families and a mapped address is
 * matched by the IPv4 rules). Pure: parsing and matching only, no DNS.
 */

/** An address: 16 bytes, IPv4 mapped into `::ffff:0:0/96`. */
export type IpBytes = Uint8Array;

/** A CIDR block: its first address and prefix length over the 128 bits. */
export interface IpBlock {
  base: IpBytes;
  prefix: number;
  /** How it was written, for messages. */
  text: string;
}

const DECIMAL_OCTET = /^(?:0|[1-9]\d{0,2})$/;

/** Dotted-quad decimal IPv4 (`10.0.0.1`; no other spelling) as 4 bytes, or undefined. */
function parseIpv4Octets(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const octets: number[] = [];
  for (const part of parts) {
    if (!DECIMAL_OCTET.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    octets.push(n);
  }
  return octets;
}

const HEXTET = /^[0-9a-f]{1,4}$/i;

/** IPv6 text (RFC 4291 §2.2: `::` at most once, an optional IPv4 tail) as 16 bytes, or undefined. */
function parseIpv6(text: string): IpBytes | undefined {
  if (text.includes('%')) return undefined; // zone ids name an interface, never a remote host
  let hex = text;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    // `::ffff:1.2.3.4` → `::ffff:102:304`
    const v4 = parseIpv4Octets(last);
    if (v4 === undefined) return undefined;
    const [a, b, c, d] = v4 as [number, number, number, number];
    hex = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = hex.split('::');
  if (halves.length > 2) return undefined;
  const split = (s: string) => (s === '' ? [] : s.split(':'));
  const left = split(halves[0] ?? '');
  const right = halves.length === 2 ? split(halves[1] ?? '') : [];
  if (![...left, ...right].every((g) => HEXTET.test(g))) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [
    ...left.map((g) => Number.parseInt(g, 16)),
    ...new Array<number>(missing).fill(0),
    ...right.map((g) => Number.parseInt(g, 16)),
  ];
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/**
 * An IP address in its canonical text form — dotted-quad IPv4 or IPv6, with or without the
 * brackets a URL puts around IPv6 — as 16 bytes; undefined for anything else (a host name).
 * Other IPv4 spellings (`2130706433`, `0x7f.1`, `017700000001`) are not parsed here: WHATWG URL
 * parsing has already turned them into dotted quads in an http(s) URL's host.
 */
export function parseIp(text: string): IpBytes | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIpv4Octets(bare);
  if (v4 !== undefined) return Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4]);
  return bare.includes(':') ? parseIpv6(bare) : undefined;
}

/** Whether the address is IPv4 (stored mapped, `::ffff:a.b.c.d`). */
export function isMappedIpv4(ip: IpBytes): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

/** The address as text: dotted quad for IPv4, else full lowercase hex groups, compressed. */
export function formatIp(ip: IpBytes): string {
  if (isMappedIpv4(ip)) return Array.from(ip.subarray(12)).join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((ip[i] as number) << 8) | (ip[i + 1] as number));
  // Compress the longest run of two or more zero words (RFC 5952 §4.2).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/**
 * A CIDR block (`10.0.0.0/8`, `fd00::/8`) or a single address (`/32` or `/128`), or undefined
 * when the text is neither. An IPv4 prefix counts within the mapped range (`/8` → `/104`).
 */
export function parseCidr(text: string): IpBlock | undefined {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const base = parseIp(addressText);
  if (base === undefined) return undefined;
  const v4 = parseIpv4Octets(addressText.replace(/^\[|\]$/g, '')) !== undefined;
  const max = v4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > max) return undefined;
    prefix = Number(p);
  }
  prefix += v4 ? 96 : 0;
  return { base: maskTo(base, prefix), prefix, text };
}

function maskTo(ip: IpBytes, prefix: number): IpBytes {
  const out = Uint8Array.from(ip);
  for (let bit = prefix; bit < 128; bit++) {
    const byte = bit >> 3;
    out[byte] = (out[byte] as number) & ~(0x80 >> (bit & 7));
  }
  return out;
}

/** Whether `ip` lies in `block`. */
export function inBlock(ip: IpBytes, block: IpBlock): boolean {
  const full = block.prefix >> 3;
  for (let i = 0; i < full; i++) if (ip[i] !== block.base[i]) return false;
  const rest = block.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((ip[full] as number) & mask) === (block.base[full] as number);
}
