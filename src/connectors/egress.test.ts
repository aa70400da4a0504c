import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AddressKind, addressKind, Egress, normalizeHost, parseAllowedHosts } from './egress.ts';

const hex16 = (high: number, low: number) => ((high << 8) | low).toString(16);
/** The URL parser's view of a host, as http.request sees it. */
const viaUrl = (host: string) => normalizeHost(new URL(`http://${host}/`).hostname);

describe('addressKind', () => {
  it.each<[string, AddressKind]>([
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1%eth0', 'metadata'],
    ['127.0.0.1', 'internal'],
    ['::1', 'internal'],
    ['0.0.0.0', 'internal'],
    ['::', 'internal'],
    ['10.0.0.1', 'internal'],
    ['172.31.255.255', 'internal'],
    ['192.168.0.1', 'internal'],
    ['100.64.0.1', 'internal'],
    ['fc00::1', 'internal'],
    ['224.0.0.1', 'internal'],
    ['255.255.255.255', 'internal'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['2001:4860:4860::8888', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::808:808', 'public'],
    ['64:ff9b:1::808:808', 'internal'],
  ])('%s is %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });
});

describe('addressKind judges an IPv4 address the same whatever its spelling or IPv6 wrapping', () => {
  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  // Ranges sampled as well as random addresses, so metadata and internal cases are not left to luck.
  const interesting = fc.oneof(
    ipv4,
    fc.tuple(fc.constantFrom(127, 10, 0), fc.nat(255), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
  );

  it('decimal, hex and octal spellings, through the URL parser', () => {
    fc.assert(
      fc.property(interesting, ([a, b, c, d]) => {
        const kind = addressKind(`${a}.${b}.${c}.${d}`);
        const n = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
        for (const spelling of [
          String(n),
          `0x${n.toString(16)}`,
          [a, b, c, d].map((x) => `0${x.toString(8)}`).join('.'),
          `${a}.${(b << 16) | (c << 8) | d}`,
        ])
          expect(addressKind(viaUrl(spelling))).toBe(kind);
      }),
    );
  });

  it('IPv4-mapped, -compatible and -translated, NAT64, 6to4 and Teredo forms', () => {
    fc.assert(
      fc.property(interesting, ([a, b, c, d]) => {
        const dotted = `${a}.${b}.${c}.${d}`;
        const kind = addressKind(dotted);
        const [high, low] = [hex16(a, b), hex16(c, d)];
        const inverted = [hex16(a ^ 255, b ^ 255), hex16(c ^ 255, d ^ 255)].join(':');
        for (const form of [
          `::ffff:${dotted}`,
          `::ffff:${high}:${low}`,
          `::${dotted}`,
          `::ffff:0:${dotted}`,
          `64:ff9b::${dotted}`,
          `2002:${high}:${low}::1`,
          // Teredo with a public server (Microsoft's), so the client alone decides.
          `2001:0:4136:e378:8000:63bf:${inverted}`,
        ])
          expect(addressKind(viaUrl(`[${form}]`)), form).toBe(kind);
        // A local-use NAT64 prefix is this network's: internal at best, whichever prefix length (/96, /48).
        // Every layout is read, so another layout's bytes may make it worse (127.0.169.254 at /48 also
        // reads as 169.254.x.x): never better than internal, and metadata whenever the address is.
        for (const form of [`64:ff9b:1::${dotted}`, `64:ff9b:1:${high}:${c.toString(16)}:${hex16(d, 0)}::`]) {
          const carried = addressKind(viaUrl(`[${form}]`));
          if (kind === 'metadata') expect(carried, form).toBe('metadata');
          else expect(['internal', 'metadata'], form).toContain(carried);
        }
      }),
    );
  });
});

describe('Egress', () => {
  it('names only exact entries as unlocking internal addresses, never a wildcard', () => {
    const egress = new Egress({ allowedHosts: parseAllowedHosts('*, *.corp.example, localhost, 10.0.0.5') });
    expect(() => egress.checkAddresses('localhost', ['127.0.0.1', '::1'], 80)).not.toThrow();
    expect(() => egress.checkAddresses('10.0.0.5', ['10.0.0.5'], 80)).not.toThrow();
    expect(() => egress.checkAddresses('db.corp.example', ['10.0.0.5'], 80)).toThrow(/not a public address/);
    expect(() => egress.checkAddresses('anything.example', ['127.0.0.1'], 80)).toThrow(
      /not a public address/,
    );
    // Metadata stays refused even for a name listed exactly.
    expect(() => egress.checkAddresses('localhost', ['127.0.0.1', '169.254.169.254'], 80)).toThrow(
      /cloud metadata/,
    );
  });

  it("refuses Warrant's own address and port unless its host is named exactly", () => {
    const own = '93.184.215.14:8443';
    const wildcard = new Egress({ allowedHosts: ['*'], ownAddress: own });
    expect(() => wildcard.checkAddresses('warrant.example', ['93.184.215.14'], 8443)).toThrow(
      "refused: warrant.example (93.184.215.14) port 8443 is Warrant's own address",
    );
    expect(() => wildcard.checkAddresses('warrant.example', ['::ffff:93.184.215.14'], 8443)).toThrow(
      /Warrant's own address/,
    );
    expect(() => wildcard.checkAddresses('warrant.example', ['93.184.215.14'], 443)).not.toThrow();
    const named = new Egress({ allowedHosts: ['warrant.example'], ownAddress: own });
    expect(() => named.checkAddresses('warrant.example', ['93.184.215.14'], 8443)).not.toThrow();
  });

  it('refuses everything with no list, and metadata names with any list', () => {
    expect(() => new Egress({ allowedHosts: undefined }).checkName('api.example.com')).toThrow(
      /WARRANT_HTTP_ALLOWED_HOSTS is not set/,
    );
    expect(() => new Egress({ allowedHosts: ['*'] }).checkName('metadata.google.internal')).toThrow(
      /cloud metadata/,
    );
    expect(() => new Egress({ allowedHosts: ['*.example.com'] }).checkName('example.com')).toThrow(
      /not in WARRANT_HTTP_ALLOWED_HOSTS/,
    );
  });

  it('reads list entries as the URL parser reads hosts', () => {
    expect(parseAllowedHosts('[::1], 127.1, Example.COM., *.B.io')).toEqual([
      '::1',
      '127.0.0.1',
      'example.com',
      '*.b.io',
    ]);
  });
});
