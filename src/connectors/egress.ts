/**
 * Where `http.request` may connect. Nowhere until `WARRANT_HTTP_ALLOWED_HOSTS` lists hosts (exact names,
 * `*.suffix`, or `*` for any public host). Cloud metadata, and all of link-local where it lives, is refused
 * always. Loopback, private and other non-public addresses, and Warrant's own listening address, are refused
 * unless the host is listed exactly: a wildcard never reaches them. Addresses are judged parsed (ipaddr.js), never by their spelling, and
 * an IPv4 address carried inside an IPv6 one (mapped, compatible, translated, NAT64, 6to4, Teredo) is judged as
 * itself, so `::ffff:a9fe:a9fe` or `64:ff9b::a9fe:a9fe` is the metadata address it carries.
 */
import { networkInterfaces } from 'node:os';
import ipaddr from 'ipaddr.js';
import { ConnectorError } from './connector.ts';

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/** Worst last: an address is as bad as the worst thing it is or carries. */
const KINDS = ['public', 'internal', 'metadata'] as const;
export type AddressKind = (typeof KINDS)[number];

export const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.com',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
]);
/** Alibaba Cloud's metadata service (inside 100.64/10) and AWS's IPv6 one. */
const METADATA_ADDRESSES = [ipaddr.parse('100.100.100.200'), ipaddr.parse('fd00:ec2::254')];
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/**
 * Metadata: link-local 169.254/16 and fe80::/10 (AWS, GCP, Azure, OpenStack metadata and the ECS credential
 * endpoint live there) and the addresses above. Public: ipaddr.js's `unicast`, i.e. in no special-purpose range
 * it knows; every other range is internal. Throws on a string that is not an IP address.
 */
export function addressKind(address: string): AddressKind {
  const parsed = ipaddr.parse(address);
  return parsed.kind() === 'ipv4' ? ipv4Kind(parsed as IPv4) : ipv6Kind(parsed as IPv6);
}

export function isMetadataAddress(address: string): boolean {
  return addressKind(address) === 'metadata';
}

function isListedMetadata(address: IPv4 | IPv6): boolean {
  return METADATA_ADDRESSES.some(
    (m) => m.kind() === address.kind() && address.match(m, m.kind() === 'ipv4' ? 32 : 128),
  );
}

function ipv4Kind(address: IPv4): AddressKind {
  const range = address.range();
  if (range === 'linkLocal' || isListedMetadata(address)) return 'metadata';
  return range === 'unicast' ? 'public' : 'internal';
}

function ipv6Kind(address: IPv6): AddressKind {
  const range = address.range();
  if (range === 'linkLocal' || isListedMetadata(address)) return 'metadata';
  const carried = carriedIPv4(address);
  if (carried.length === 0) return range === 'unicast' ? 'public' : 'internal';
  // The local-use NAT64 prefix 64:ff9b:1::/48 translates into this network, whatever it carries.
  const itself: AddressKind = range === 'rfc6052' && !address.match(NAT64_WELL_KNOWN) ? 'internal' : 'public';
  return worst([itself, ...carried.map(ipv4Kind)]);
}

/** Every IPv4 address an IPv6 transition form may deliver to (RFC 4291, 6145, 6052, 3056, 4380). */
function carriedIPv4(address: IPv6): IPv4[] {
  const bytes = address.toByteArray();
  const at = (indexes: number[]) => new ipaddr.IPv4(indexes.map((i) => bytes[i]!));
  const last = at([12, 13, 14, 15]);
  switch (address.range()) {
    case 'ipv4Mapped': // ::ffff:0:0/96
    case 'rfc6145': // ::ffff:0:0:0/96
      return [last];
    case '6to4': // 2002:AABB:CCDD::/48
      return [at([2, 3, 4, 5])];
    case 'teredo': // 2001::/32: the server, and the client with its bits inverted
      return [at([4, 5, 6, 7]), new ipaddr.IPv4(bytes.slice(12).map((x) => x ^ 0xff))];
    case 'rfc6052':
      // The well-known prefix is a /96. A local-use prefix may be /48 to /96, the address right after it
      // with byte 8 skipped (RFC 6052 section 2.2): every layout is tried, so no prefix length hides one.
      if (address.match(NAT64_WELL_KNOWN)) return [last];
      return [6, 7, 9, 12].map((start) =>
        at([0, 1, 2, 3].map((i) => start + i + (start < 8 && start + i >= 8 ? 1 : 0))),
      );
    case 'unicast':
      // IPv4-compatible ::a.b.c.d: deprecated, but still accepted by parsers and some stacks.
      return bytes.slice(0, 12).every((x) => x === 0) ? [last] : [];
    default:
      return [];
  }
}

function worst(kinds: AddressKind[]): AddressKind {
  return KINDS[Math.max(...kinds.map((kind) => KINDS.indexOf(kind)))]!;
}

/** A hostname or IP as compared with the allow-list: lower case, no trailing dot or brackets, IPs canonical. */
export function normalizeHost(host: string): string {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[(.*)\]$/, '$1');
  return ipaddr.isValid(bare) ? ipaddr.parse(bare).toString() : bare;
}

/** `WARRANT_HTTP_ALLOWED_HOSTS`: comma-separated; empty or unset means no list, so no host. */
export function parseAllowedHosts(value: string | undefined): string[] | undefined {
  const hosts = (value ?? '')
    .split(',')
    .map((h) => (h.trim().startsWith('*') ? h.trim().toLowerCase() : normalizeHost(h)))
    .filter(Boolean);
  return hosts.length > 0 ? hosts : undefined;
}

export interface EgressRules {
  /** Exact hosts, `*.suffix` or `*`; undefined refuses every host. */
  allowedHosts: readonly string[] | undefined;
  /** Warrant's own listening address, `host:port` (gateway.http_addr). */
  ownAddress?: string;
}

export class Egress {
  readonly #allowed: readonly string[] | undefined;
  readonly #own: { host: string; port: number } | undefined;

  constructor(rules: EgressRules) {
    this.#allowed = rules.allowedHosts;
    if (rules.ownAddress) {
      const index = rules.ownAddress.lastIndexOf(':');
      const host = normalizeHost(rules.ownAddress.slice(0, index));
      this.#own = {
        host: ipaddr.isValid(host) ? canonical(host) : host,
        port: Number(rules.ownAddress.slice(index + 1)),
      };
    }
  }

  /** Refuses a host by its name, before it is resolved (an unlisted name is never even looked up). */
  checkName(hostname: string): void {
    if (METADATA_HOSTS.has(hostname)) throw metadataRefusal(hostname);
    if (!this.#allowed) {
      throw new ConnectorError(
        'host_not_allowed',
        'http.request is refused: WARRANT_HTTP_ALLOWED_HOSTS is not set, and no host is allowed until it lists them',
      );
    }
    const listed = this.#allowed.some(
      (pattern) =>
        pattern === '*' ||
        pattern === hostname ||
        (pattern.startsWith('*.') && hostname.endsWith(pattern.slice(1))),
    );
    if (!listed)
      throw new ConnectorError('host_not_allowed', `${hostname} is not in WARRANT_HTTP_ALLOWED_HOSTS`);
  }

  /** Refuses `hostname` if any address it is reached at on `port` is not allowed; metadata is named first. */
  checkAddresses(hostname: string, addresses: readonly string[], port: number): void {
    const kinds = addresses.map(addressKind);
    const describe = (address: string) =>
      hostname === normalizeHost(address) ? address : `${hostname} (${address})`;
    const metadata = addresses.find((_, i) => kinds[i] === 'metadata');
    if (metadata) throw metadataRefusal(describe(metadata));
    if (this.#allowed?.includes(hostname)) return;
    const unlock = 'name the host exactly in WARRANT_HTTP_ALLOWED_HOSTS to allow it (a wildcard does not)';
    const internal = addresses.find((_, i) => kinds[i] === 'internal');
    if (internal) {
      throw new ConnectorError(
        'forbidden_address',
        `refused: ${describe(internal)} is not a public address; ${unlock}`,
      );
    }
    const own = addresses.find((address) => this.#isOwn(address, port));
    if (own) {
      throw new ConnectorError(
        'forbidden_address',
        `refused: ${describe(own)} port ${port} is Warrant's own address; ${unlock}`,
      );
    }
  }

  /** This machine's addresses (and the configured one, which NAT may hide from the interfaces) at Warrant's port. */
  #isOwn(address: string, port: number): boolean {
    if (!this.#own || port !== this.#own.port) return false;
    const target = canonical(address);
    const mine = Object.values(networkInterfaces())
      .flatMap((entries) => entries ?? [])
      .map((entry) => canonical(entry.address));
    return target === this.#own.host || mine.includes(target);
  }
}

/** One spelling per address, an IPv4-mapped one as its IPv4 address. */
function canonical(address: string): string {
  return ipaddr.process(address).toString();
}

function metadataRefusal(what: string): ConnectorError {
  return new ConnectorError('forbidden_address', `refused: ${what} is a cloud metadata address`);
}
