/**
 * `http.request`: one HTTP call with a timeout, for webhooks and simple APIs. Cloud metadata endpoints are
 * always refused, by name and by every address the name resolves to, at every redirect hop (redirects are
 * followed here, to check each one). Each hop resolves its name once and connects only to an address that
 * passed the check, so a DNS answer that changes after the check (rebinding) cannot redirect the connection.
 * `WARRANT_HTTP_ALLOWED_HOSTS`, when set, limits the hosts.
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { type CallContext, type Connector, ConnectorError, type ToolResult } from './connector.ts';
import { callSignal, errorForStatus, errorForTransport, unknownTool } from './errors.ts';
import { str } from './input.ts';

/** Every address a hostname resolves to; injectable so tests can point a name anywhere. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export interface HttpOptions {
  /** Exact hostnames or `*.suffix`; undefined allows any host that is not a metadata endpoint. */
  allowedHosts?: readonly string[];
  resolver?: Resolver;
  timeoutMs?: number;
  maxRedirects?: number;
}

export const MAX_BODY_BYTES = 64 * 1024;
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.com',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
]);
const KEPT_HEADERS = [
  'content-type',
  'content-length',
  'location',
  'etag',
  'last-modified',
  'retry-after',
  'date',
];

/** `WARRANT_HTTP_ALLOWED_HOSTS`: comma-separated; empty or unset means no list. */
export function parseAllowedHosts(value: string | undefined): string[] | undefined {
  const hosts = (value ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return hosts.length > 0 ? hosts : undefined;
}

export function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) =>
    pattern.startsWith('*.') ? hostname.endsWith(pattern.slice(1)) : hostname === pattern,
  );
}

/**
 * Link-local 169.254.0.0/16 (AWS, GCP, Azure, OpenStack metadata), Alibaba's 100.100.100.200, AWS's IPv6
 * fd00:ec2::254, IPv6 link-local fe80::/10, and any of those IPv4 addresses mapped into IPv6.
 */
export function isMetadataAddress(address: string): boolean {
  if (isIP(address) === 4) return address.startsWith('169.254.') || address === '100.100.100.200';
  if (isIP(address) !== 6) return false;
  const g = ipv6Groups(address);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return isMetadataAddress(`${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`);
  }
  if ((g[0]! & 0xffc0) === 0xfe80) return true;
  return g.join(':') === [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(':');
}

/** The eight 16-bit groups of an IPv6 address (the URL parser first turns a dotted tail into hex). */
function ipv6Groups(address: string): number[] {
  const normalized = new URL(`http://[${address.replace(/%.*$/, '')}]`).hostname.slice(1, -1);
  const [head = '', tail] = normalized.split('::');
  const parse = (part: string) => (part ? part.split(':').map((x) => Number.parseInt(x, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

export class HttpConnector implements Connector {
  readonly name = 'http';
  readonly tools = ['http.request'] as const;
  readonly evidence = [] as const;
  readonly #allowedHosts: readonly string[] | undefined;
  readonly #resolver: Resolver;
  readonly #timeoutMs: number;
  readonly #maxRedirects: number;

  constructor(options: HttpOptions = {}) {
    this.#allowedHosts = options.allowedHosts;
    this.#resolver = options.resolver ?? systemResolver;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxRedirects = options.maxRedirects ?? 5;
  }

  async call(tool: string, input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    if (tool !== 'http.request') throw unknownTool(this.name, tool);
    let url = new URL(str(input, 'url'));
    let method = str(input, 'method').toUpperCase();
    const headers = new Headers((input.headers as Record<string, string> | undefined) ?? {});
    // What fetch used to send unasked; some APIs refuse a request without a user agent.
    if (!headers.has('accept')) headers.set('accept', '*/*');
    if (!headers.has('user-agent')) headers.set('user-agent', 'node');
    // Compressed answers are decoded below, so ask for them, as fetch did.
    if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip, deflate, br');
    // The far side can recognize a call retried after a crash (the contract of CallContext).
    if (ctx.idempotencyKey && !headers.has('idempotency-key'))
      headers.set('idempotency-key', ctx.idempotencyKey);
    let body = encodeBody(input.body, headers);
    const signal = callSignal(ctx.signal, this.#timeoutMs);
    // Node reports an abort as its own AbortError; pass on the timeout or cancellation itself, as fetch did.
    const failure = (error: unknown) =>
      errorForTransport('http', signal.aborted ? signal.reason : error, ctx.signal);
    for (let hop = 0; ; hop++) {
      const addresses = await this.#check(url);
      let response: IncomingMessage;
      try {
        const sent = method === 'GET' || method === 'HEAD' ? undefined : body;
        response = await send(url, method, headers, sent, addresses, signal);
      } catch (error) {
        throw failure(error);
      }
      const status = response.statusCode!;
      const location = header(response, 'location');
      if (status >= 300 && status < 400 && location) {
        response.destroy();
        if (hop >= this.#maxRedirects)
          throw new ConnectorError('too_many_redirects', `more than ${this.#maxRedirects} redirects`);
        const next = new URL(location, url);
        // As fetch does: credentials stay with their origin, and 303 (or 301/302 after POST) turns into GET.
        if (next.origin !== url.origin) for (const name of ['authorization', 'cookie']) headers.delete(name);
        if (status === 303 || (status <= 302 && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        url = next;
        continue;
      }
      const read = await readBody(response, failure);
      if (status < 200 || status > 299) throw errorForStatus('http', status, read.text.slice(0, 200));
      return { output: { status, url: url.href, headers: keptHeaders(response), ...read.output } };
    }
  }

  /** The addresses `url` may be reached at: every one the name resolves to, none a metadata address. */
  async #check(url: URL): Promise<string[]> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConnectorError('forbidden_url', `only http and https URLs are allowed, not ${url.protocol}`);
    }
    // Credentials belong in a named secret, not a URL that lands in plans, logs and evidence.
    if (url.username || url.password) {
      throw new ConnectorError('forbidden_url', 'credentials in the URL are refused; send them as a header');
    }
    const hostname = url.hostname
      .toLowerCase()
      .replace(/\.$/, '')
      .replace(/^\[(.*)\]$/, '$1');
    if (METADATA_HOSTS.has(hostname)) throw metadataRefusal(hostname);
    if (this.#allowedHosts && !hostAllowed(hostname, this.#allowedHosts)) {
      throw new ConnectorError('host_not_allowed', `${hostname} is not in WARRANT_HTTP_ALLOWED_HOSTS`);
    }
    let addresses: string[];
    try {
      addresses = isIP(hostname) ? [hostname] : await this.#resolver(hostname);
    } catch (error) {
      throw new ConnectorError(
        'unresolvable',
        `cannot resolve ${hostname}: ${(error as Error).message}`,
        true,
      );
    }
    if (addresses.length === 0) throw new ConnectorError('unresolvable', `cannot resolve ${hostname}`, true);
    const bad = addresses.find(isMetadataAddress);
    if (bad) throw metadataRefusal(`${hostname} (${bad})`);
    return addresses;
  }
}

/**
 * One request, connected only to `addresses`: the lookup hands back the checked addresses instead of asking
 * DNS again, while the URL keeps the name for the Host header and, over https, for SNI and the certificate
 * check. A fresh connection each time (`agent: false`), never a pooled socket opened to some other address.
 */
function send(
  url: URL,
  method: string,
  headers: Headers,
  body: string | undefined,
  addresses: string[],
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    request(url, {
      method,
      headers: Object.fromEntries(headers),
      agent: false,
      lookup: pinnedLookup(addresses),
      signal,
    })
      .on('response', resolve)
      .on('error', reject)
      .end(body);
  });
}

/** A `lookup` that answers with the given addresses whatever it is asked (an IP literal is not looked up). */
function pinnedLookup(addresses: string[]): LookupFunction {
  const all = addresses.map((address) => ({ address, family: isIP(address) }));
  return (_hostname, options, callback) => {
    if (options.all) callback(null, all);
    else callback(null, all[0]!.address, all[0]!.family);
  };
}

function metadataRefusal(what: string): ConnectorError {
  return new ConnectorError('forbidden_address', `refused: ${what} is a cloud metadata address`);
}

function encodeBody(body: unknown, headers: Headers): string | undefined {
  if (body === undefined || body === null) return undefined;
  const text = typeof body === 'string';
  if (!headers.has('content-type'))
    headers.set('content-type', text ? 'text/plain;charset=UTF-8' : 'application/json');
  return text ? body : JSON.stringify(body);
}

/** A response header's values joined as fetch's `Headers.get` does (Node keeps only the first of some). */
function header(response: IncomingMessage, name: string): string | undefined {
  return response.headersDistinct[name]?.join(', ');
}

function keptHeaders(response: IncomingMessage): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = header(response, name);
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** The body as sent, decoded when it came compressed (one coding; anything else is passed on as it is). */
function decoded(response: IncomingMessage): AsyncIterable<Buffer> {
  const decoder = DECODERS[header(response, 'content-encoding')?.trim().toLowerCase() ?? ''];
  if (!decoder) return response;
  const stream = decoder();
  response.on('error', (error) => stream.destroy(error));
  return response.pipe(stream);
}

/**
 * At most MAX_BODY_BYTES of the decoded body, read as it streams in (a small answer that inflates to gigabytes
 * stops at the cap); JSON when the server says so and it is whole.
 */
async function readBody(response: IncomingMessage, failure: (error: unknown) => ConnectorError) {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    // Leaving the loop early destroys the stream, so the rest is never downloaded or inflated.
    for await (const chunk of decoded(response)) {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        truncated = true;
        break;
      }
    }
  } catch (error) {
    throw failure(error);
  }
  const bytes = Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES);
  // A cut may split a multi-byte character; the decoder replaces the fragment.
  const text = new TextDecoder().decode(bytes);
  let parsed: unknown = text;
  if (!truncated && /[/+]json\b/.test(header(response, 'content-type') ?? '')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return { text, output: { body: parsed, truncated } };
}
