/**
 * `http.request`: one HTTP call with a timeout, for webhooks and simple APIs, only to hosts egress.ts allows
 * (none until `WARRANT_HTTP_ALLOWED_HOSTS` lists them). The host is checked by name and by every address it
 * resolves to, at every redirect hop (redirects are followed here, to check each one). Each hop resolves its
 * name once and connects only to an address that passed the check, so a DNS answer that changes after the
 * check (rebinding) cannot redirect the connection.
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { type CallContext, type Connector, ConnectorError, type ToolResult } from './connector.ts';
import { Egress, normalizeHost } from './egress.ts';
import { callSignal, errorForStatus, errorForTransport, unknownTool } from './errors.ts';
import { str } from './input.ts';

/** Every address a hostname resolves to; injectable so tests can point a name anywhere. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export interface HttpOptions {
  /** Exact hosts, `*.suffix` or `*` (any public host); undefined allows none. */
  allowedHosts?: readonly string[];
  /** Warrant's own listening address, `host:port`, refused unless its host is listed exactly. */
  ownAddress?: string;
  resolver?: Resolver;
  timeoutMs?: number;
  maxRedirects?: number;
}

export const MAX_BODY_BYTES = 64 * 1024;
const KEPT_HEADERS = [
  'content-type',
  'content-length',
  'location',
  'etag',
  'last-modified',
  'retry-after',
  'date',
];

export class HttpConnector implements Connector {
  readonly name = 'http';
  readonly tools = ['http.request'] as const;
  readonly evidence = [] as const;
  readonly #egress: Egress;
  readonly #resolver: Resolver;
  readonly #timeoutMs: number;
  readonly #maxRedirects: number;

  constructor(options: HttpOptions = {}) {
    this.#egress = new Egress({ allowedHosts: options.allowedHosts, ownAddress: options.ownAddress });
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

  /** The addresses `url` may be reached at: every one the name resolves to, each allowed by egress. */
  async #check(url: URL): Promise<string[]> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConnectorError('forbidden_url', `only http and https URLs are allowed, not ${url.protocol}`);
    }
    // Credentials belong in a named secret, not a URL that lands in plans, logs and evidence.
    if (url.username || url.password) {
      throw new ConnectorError('forbidden_url', 'credentials in the URL are refused; send them as a header');
    }
    // The URL parser has already turned decimal, octal and hex IPv4 spellings into dotted quads.
    const hostname = normalizeHost(url.hostname);
    this.#egress.checkName(hostname);
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
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    this.#egress.checkAddresses(hostname, addresses, port);
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
