import { lookup as dnsLookup } from 'node:dns/promises';
import {
  formatIp,
  type IpBlock,
  type IpBytes,
  inBlock,
  isMappedIpv4,
  parseCidr,
  parseIp,
} from './ip-address.js';

/**
 * Where the server may send requests on a user's behalf (remote models' URLs): issue 11's answer
 * to server-side request forgery.
 *
 * - Only `http:` and `https:` URLs.
 * - A target on the public internet is allowed. A target that is not — loopback, private,
 *   link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, "this network",
 *   multicast, reserved, their IPv6 counterparts and IPv4 addresses embedded in IPv6
 *   (`::ffff:127.0.0.1`, NAT64, 6to4) — is refused unless `ASSAY_REMOTE_ALLOWED_HOSTS` lists it:
 *   a host pattern (`models.internal`, `*.svc.cluster.local`), an address or a CIDR block
 *   (`10.0.0.0/8`, `fd00::/8`).
 * - `localhost` and the cloud metadata names are refused by name unless listed.
 * - A name is checked after DNS: every address it resolves to must be allowed, and the
 *   connection goes to those addresses (the lookup that is checked is the one the socket
 *   uses), so a name cannot resolve to a public address for the check and a private one for
 *   the connection. A name matching a host pattern is trusted whatever it resolves to.
 */

/** A target refused by the outbound policy; the message says which rule refused it. */
export class OutboundRefusedError extends Error {
  constructor(
    message: string,
    /** The rule: `scheme`, `url`, `name`, `address` or `dns`. */
    readonly rule: 'scheme' | 'url' | 'name' | 'address' | 'dns',
  ) {
    super(message);
    this.name = 'OutboundRefusedError';
  }
}

/** One entry of the allow-list: a host pattern or an address block. */
export type AllowEntry =
  | { kind: 'host'; host: string; text: string }
  | { kind: 'suffix'; suffix: string; text: string }
  | { kind: 'block'; block: IpBlock; text: string };

/** Resolves a host name to its addresses (the default: the system resolver, `dns.lookup`). */
export type Resolver = (hostname: string) => Promise<readonly { address: string }[]>;

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

const isHostName = (name: string) =>
  name.length <= 253 && name.split('.').every((l) => LABEL.test(l));

/** A host name as compared: lowercase, without the trailing dot of a fully qualified name. */
const canonicalName = (name: string) => name.toLowerCase().replace(/\.$/, '');

/**
 * One entry of `ASSAY_REMOTE_ALLOWED_HOSTS`: `models.internal` (that name), `*.svc.cluster.local`
 * (any name below it), `10.1.2.3`, `[::1]`, `10.0.0.0/8`, `fd00::/8`.
 *
 * @throws Error saying what an entry may be when it is none of these.
 */
export function parseAllowEntry(raw: string): AllowEntry {
  const text = raw.trim();
  const block = parseCidr(text);
  if (block !== undefined) return { kind: 'block', block, text };
  const name = canonicalName(text);
  if (name.startsWith('*.') && isHostName(name.slice(2))) {
    return { kind: 'suffix', suffix: name.slice(1), text };
  }
  if (name !== '' && !name.includes('*') && isHostName(name))
    return { kind: 'host', host: name, text };
  throw new Error(
    `'${text}' is not a host name, a *.suffix pattern, an IP address or a CIDR block (10.0.0.0/8, fd00::/8)`,
  );
}

/** `ASSAY_REMOTE_ALLOWED_HOSTS` (comma-separated entries; empty: none) as entries. */
export function parseAllowList(text: string): AllowEntry[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(parseAllowEntry);
}

/** The address ranges refused unless listed, each with the name a refusal gives. */
const REFUSED_RANGES: readonly [string, string][] = [
  ['0.0.0.0/8', '"this network" address'],
  ['10.0.0.0/8', 'private address'],
  ['100.64.0.0/10', 'shared (carrier-grade NAT) address'],
  ['127.0.0.0/8', 'loopback address'],
  ['169.254.0.0/16', 'link-local address (cloud metadata lives there)'],
  ['172.16.0.0/12', 'private address'],
  ['192.0.0.0/24', 'IETF protocol assignment address'],
  ['192.0.2.0/24', 'documentation address'],
  ['192.88.99.0/24', '6to4 relay anycast address'],
  ['192.168.0.0/16', 'private address'],
  ['198.18.0.0/15', 'benchmarking address'],
  ['198.51.100.0/24', 'documentation address'],
  ['203.0.113.0/24', 'documentation address'],
  ['224.0.0.0/4', 'multicast address'],
  ['240.0.0.0/4', 'reserved address'],
  ['::/128', 'unspecified address'],
  ['::1/128', 'loopback address'],
  ['::/96', 'IPv4-compatible address (deprecated)'],
  ['64:ff9b:1::/48', 'local-use NAT64 address'],
  ['100::/64', 'discard-only address'],
  ['2001::/32', 'Teredo address'],
  ['2001:db8::/32', 'documentation address'],
  ['fc00::/7', 'unique local (private) address'],
  ['fe80::/10', 'link-local address'],
  ['fec0::/10', 'site-local address (deprecated)'],
  ['ff00::/8', 'multicast address'],
];
const REFUSED: readonly { block: IpBlock; why: string }[] = REFUSED_RANGES.map(([cidr, why]) => ({
  block: parseCidr(cidr) as IpBlock,
  why,
}));

/** IPv6 ranges that embed an IPv4 address, which is then what is checked: [block, offset]. */
const EMBEDDING: readonly [IpBlock, number][] = [
  [parseCidr('64:ff9b::/96') as IpBlock, 12], // NAT64 (RFC 6052)
  [parseCidr('2002::/16') as IpBlock, 2], // 6to4 (RFC 3056)
];

/** Names that reach the machine itself or a cloud's metadata service, refused before DNS. */
const REFUSED_NAMES: readonly [RegExp, string][] = [
  [/^(?:.+\.)?localhost$/, 'a loopback name'],
  [/^localhost\.localdomain$/, 'a loopback name'],
  [
    /^(?:metadata|metadata\.google\.internal|metadata\.goog|instance-data|instance-data\.ec2\.internal|metadata\.azure\.com|metadata\.platformequinix\.com)$/,
    'a cloud metadata service name',
  ],
];

/** Why an address is refused by default (its range), or undefined for a public one. */
export function classifyAddress(ip: IpBytes): string | undefined {
  for (const [block, offset] of EMBEDDING) {
    if (inBlock(ip, block)) {
      const v4 = Uint8Array.from([
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0xff,
        0xff,
        ...ip.subarray(offset, offset + 4),
      ]);
      const inner = classifyAddress(v4);
      return inner === undefined ? undefined : `${inner} (embedded in ${formatIp(ip)})`;
    }
  }
  for (const { block, why } of REFUSED) if (inBlock(ip, block)) return why;
  return undefined;
}

const HINT = 'list it in ASSAY_REMOTE_ALLOWED_HOSTS to allow it';

/** The outbound policy of one deployment (see the module's comment). */
export class OutboundPolicy {
  private readonly hosts: Set<string>;
  private readonly suffixes: string[];
  private readonly blocks: IpBlock[];

  constructor(
    entries: readonly AllowEntry[],
    private readonly resolver: Resolver = (name) => dnsLookup(name, { all: true, verbatim: true }),
  ) {
    this.hosts = new Set(entries.flatMap((e) => (e.kind === 'host' ? [e.host] : [])));
    this.suffixes = entries.flatMap((e) => (e.kind === 'suffix' ? [e.suffix] : []));
    this.blocks = entries.flatMap((e) => (e.kind === 'block' ? [e.block] : []));
  }

  /** Whether a host name is listed (by name or pattern), and so trusted whatever it resolves to. */
  private listedName(name: string): boolean {
    return this.hosts.has(name) || this.suffixes.some((s) => name.endsWith(s));
  }

  /** Throws unless the address is public or listed. `host` names it in the message. */
  checkAddress(ip: IpBytes, host: string): void {
    if (this.blocks.some((b) => inBlock(ip, b))) return;
    const why = classifyAddress(ip);
    if (why === undefined) return;
    const address = formatIp(ip);
    const subject =
      host === address || host === `[${address}]`
        ? `${address} is a ${why}`
        : `'${host}' resolves to ${address}, a ${why}`;
    throw new OutboundRefusedError(`${subject}; ${HINT}`, host === address ? 'address' : 'dns');
  }

  /**
   * Checks what can be checked without DNS: the URL parses (WHATWG: `http://2130706433/` and
   * `http://0x7f.1/` are `127.0.0.1` by now), its scheme, an address host, a refused name.
   * Answers the parsed URL and, for a name that is not listed, that it must be resolved and
   * checked ({@link resolve}) before connecting.
   *
   * @throws OutboundRefusedError naming the rule.
   */
  checkUrl(url: string): { url: URL; host: string; resolve: boolean } {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new OutboundRefusedError(`'${url}' is not a URL`, 'url');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new OutboundRefusedError(
        `the scheme '${parsed.protocol}' is not allowed; only http: and https: are`,
        'scheme',
      );
    }
    const host = parsed.hostname;
    const ip = parseIp(host);
    if (ip !== undefined) {
      this.checkAddress(ip, formatIp(ip));
      return { url: parsed, host, resolve: false };
    }
    const name = canonicalName(host);
    if (this.listedName(name)) return { url: parsed, host, resolve: false };
    for (const [pattern, why] of REFUSED_NAMES) {
      if (pattern.test(name)) {
        throw new OutboundRefusedError(`'${host}' is ${why}; ${HINT}`, 'name');
      }
    }
    return { url: parsed, host, resolve: true };
  }

  /**
   * The addresses a connection to `host` may use: all it resolves to, each checked (a listed
   * name's are not). The socket connects to these very addresses ({@link createOutboundFetch}
   * passes this as its DNS lookup), so the name cannot be re-resolved elsewhere in between.
   *
   * @throws OutboundRefusedError when the name does not resolve or an address is refused.
   */
  async resolve(host: string): Promise<{ address: string; family: 4 | 6 }[]> {
    const name = canonicalName(host);
    const literal = parseIp(host);
    const answers = literal !== undefined ? [{ address: host }] : await this.lookupName(host);
    const listed = literal === undefined && this.listedName(name);
    const out: { address: string; family: 4 | 6 }[] = [];
    for (const { address } of answers) {
      const ip = parseIp(address);
      if (ip === undefined) {
        throw new OutboundRefusedError(`'${host}' resolves to '${address}', not an address`, 'dns');
      }
      if (!listed) this.checkAddress(ip, literal !== undefined ? formatIp(ip) : host);
      out.push({ address: formatIp(ip), family: isMappedIpv4(ip) ? 4 : 6 });
    }
    return out;
  }

  private async lookupName(host: string): Promise<readonly { address: string }[]> {
    let answers: readonly { address: string }[];
    try {
      answers = await this.resolver(host);
    } catch {
      answers = [];
    }
    if (answers.length === 0) {
      throw new OutboundRefusedError(`'${host}' does not resolve to an address`, 'dns');
    }
    return answers;
  }

  /**
   * The full check of a URL the server is about to store or call: {@link checkUrl}, then, for a
   * name that needs it, {@link resolve}.
   *
   * @throws OutboundRefusedError naming the rule.
   */
  async check(url: string): Promise<URL> {
    const target = this.checkUrl(url);
    if (target.resolve) await this.resolve(target.host);
    return target.url;
  }
}
