import { describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.js';
import { formatIp, parseCidr, parseIp } from '../src/outbound/ip-address.js';
import {
  classifyAddress,
  OutboundPolicy,
  OutboundRefusedError,
  parseAllowEntry,
  parseAllowList,
} from '../src/outbound/outbound-policy.js';

// The outbound policy's pure parts: address parsing, default ranges, the allow-list's entries.
// (remote-models.test.ts drives the same rules through the API, with real sockets.)

const ip = (text: string) => {
  const parsed = parseIp(text);
  if (parsed === undefined) throw new Error(`not an address: ${text}`);
  return parsed;
};

describe('parseIp / formatIp', () => {
  it('reads dotted IPv4 and every IPv6 spelling, IPv4 as its mapped form', () => {
    expect(formatIp(ip('127.0.0.1'))).toBe('127.0.0.1');
    expect(formatIp(ip('::ffff:127.0.0.1'))).toBe('127.0.0.1');
    expect(formatIp(ip('::ffff:7f00:1'))).toBe('127.0.0.1');
    expect(formatIp(ip('[::1]'))).toBe('::1');
    expect(formatIp(ip('0:0:0:0:0:0:0:1'))).toBe('::1');
    expect(formatIp(ip('FD00:EC2::254'))).toBe('fd00:ec2::254');
    expect(formatIp(ip('1:2:3:4:5:6:1.2.3.4'))).toBe('1:2:3:4:5:6:102:304');
  });

  it('is not fooled into reading names or other IPv4 spellings as addresses', () => {
    for (const text of ['2130706433', '0x7f.1', '017700000001', '127.1', '01.2.3.4', '256.0.0.1']) {
      expect(parseIp(text), text).toBeUndefined();
    }
    for (const text of ['1::2::3', '1:2:3:4:5:6:7:8:9', 'fe80::1%eth0', 'example.com', '']) {
      expect(parseIp(text), text).toBeUndefined();
    }
  });
});

describe('classifyAddress: the ranges refused by default', () => {
  it.each([
    ['0.1.2.3', '"this network" address'],
    ['10.255.0.1', 'private address'],
    ['100.127.255.255', 'shared (carrier-grade NAT) address'],
    ['127.8.8.8', 'loopback address'],
    ['169.254.169.254', 'link-local address (cloud metadata lives there)'],
    ['172.31.255.255', 'private address'],
    ['192.168.0.1', 'private address'],
    ['224.0.0.1', 'multicast address'],
    ['255.255.255.255', 'reserved address'],
    ['::', 'unspecified address'],
    ['::1', 'loopback address'],
    ['::ffff:10.0.0.1', 'private address'],
    ['fe80::1', 'link-local address'],
    ['fc00::1', 'unique local (private) address'],
    ['fd12:3456::1', 'unique local (private) address'],
    ['2002:7f00:1::', 'loopback address (embedded in 2002:7f00:1::)'],
    ['64:ff9b::7f00:1', 'loopback address (embedded in 64:ff9b::7f00:1)'],
  ])('%s is a %s', (address, why) => {
    expect(classifyAddress(ip(address))).toBe(why);
  });

  it('leaves public addresses alone', () => {
    for (const address of [
      '93.184.216.34',
      '8.8.8.8',
      '172.32.0.1',
      '100.128.0.1',
      '2606:4700::1',
      '64:ff9b::808:808',
    ]) {
      expect(classifyAddress(ip(address)), address).toBeUndefined();
    }
  });
});

describe('ASSAY_REMOTE_ALLOWED_HOSTS entries', () => {
  it('reads names, *.suffix patterns, addresses and CIDR blocks', () => {
    expect(
      parseAllowList(' models.internal, *.svc.cluster.local,10.0.0.0/8 ,fd00::/8,[::1],, '),
    ).toEqual([
      { kind: 'host', host: 'models.internal', text: 'models.internal' },
      { kind: 'suffix', suffix: '.svc.cluster.local', text: '*.svc.cluster.local' },
      { kind: 'block', block: parseCidr('10.0.0.0/8'), text: '10.0.0.0/8' },
      { kind: 'block', block: parseCidr('fd00::/8'), text: 'fd00::/8' },
      { kind: 'block', block: parseCidr('[::1]'), text: '[::1]' },
    ]);
  });

  it('refuses anything else, and the API refuses to start with it', () => {
    for (const bad of ['10.0.0.0/33', 'fd00::/129', '*', 'a.*.b', 'http://x', 'a b', '*.']) {
      expect(() => parseAllowEntry(bad), bad).toThrow(/is not a host name, a \*\.suffix pattern/);
    }
    expect(() => readEnv({ ASSAY_REMOTE_ALLOWED_HOSTS: 'models.internal,10.0.0.0/33' })).toThrow(
      "ASSAY_REMOTE_ALLOWED_HOSTS: '10.0.0.0/33' is not a host name",
    );
    expect(readEnv({}).ASSAY_REMOTE_ALLOWED_HOSTS).toBe('');
  });

  it('a listed block or name opens exactly that, and nothing else', async () => {
    const policy = new OutboundPolicy(
      parseAllowList('10.0.0.0/8,fd00::/8,*.svc.cluster.local,models.internal'),
      async (name) => [{ address: name === 'evil.example' ? '192.168.1.1' : '10.9.9.9' }],
    );
    await expect(policy.check('http://10.1.2.3:8080')).resolves.toBeInstanceOf(URL);
    await expect(policy.check('http://[::ffff:10.1.2.3]')).resolves.toBeInstanceOf(URL);
    await expect(policy.check('http://[fd00::5]')).resolves.toBeInstanceOf(URL);
    await expect(policy.check('http://churn.models.svc.cluster.local')).resolves.toBeInstanceOf(
      URL,
    );
    await expect(policy.check('https://MODELS.internal./v2')).resolves.toBeInstanceOf(URL);
    // A name's addresses: 10.9.9.9 is listed, 192.168.1.1 is not.
    await expect(policy.check('http://other.example')).resolves.toBeInstanceOf(URL);
    await expect(policy.check('http://evil.example')).rejects.toThrow(
      "'evil.example' resolves to 192.168.1.1, a private address; list it in ASSAY_REMOTE_ALLOWED_HOSTS to allow it",
    );
    await expect(policy.check('http://11.0.0.1')).resolves.toBeInstanceOf(URL);
    await expect(policy.check('http://[fe00::1]')).resolves.toBeInstanceOf(URL);
    await expect(policy.check('http://[fc00::1]')).rejects.toThrow(OutboundRefusedError);
    await expect(policy.check('http://svc.cluster.local')).resolves.toBeInstanceOf(URL); // resolves to 10.9.9.9, listed
    await expect(policy.check('http://127.0.0.1')).rejects.toMatchObject({ rule: 'address' });
    await expect(policy.check('ftp://10.1.2.3')).rejects.toMatchObject({ rule: 'scheme' });
  });
});
