import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from './connector.ts';
import {
  HttpConnector,
  isMetadataAddress,
  MAX_BODY_BYTES,
  parseAllowedHosts,
  type Resolver,
  systemResolver,
} from './http.ts';

let server: Server;
let base: string;
const seen: { method: string; url: string; body: string; authorization?: string }[] = [];
const ctx: CallContext = { idempotencyKey: 'h', signal: new AbortController().signal, heartbeat() {} };

/** Names the tests point at chosen addresses; everything else resolves for real. */
const resolver: Resolver = async (host) => {
  if (host === 'sneaky.test') return ['203.0.113.7', '169.254.169.254'];
  if (host === 'sneaky6.test') return ['::ffff:169.254.169.254'];
  if (host === 'fine.test') return ['127.0.0.1'];
  return systemResolver(host);
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body, authorization: req.headers.authorization });
      const redirect = (location: string, status = 302) => res.writeHead(status, { location }).end();
      switch (req.url) {
        case '/json':
          return res
            .writeHead(200, { 'content-type': 'application/json', etag: '"v1"', 'x-secret': 's' })
            .end('{"ok":true}');
        case '/big':
          return res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(MAX_BODY_BYTES + 10));
        case '/to-metadata':
          return redirect('http://169.254.169.254/latest/meta-data/iam/');
        case '/to-sneaky':
          return redirect('http://sneaky.test/');
        case '/to-json':
          return redirect(`${base}/json`, 303);
        case '/loop':
          return redirect('/loop');
        case '/boom':
          return res.writeHead(503).end('down for maintenance');
        case '/nope':
          return res.writeHead(404).end('no such thing');
        default:
          return res.writeHead(200, { 'content-type': 'text/plain' }).end(`echo ${body}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const http = new HttpConnector({ resolver });
const request = (input: Record<string, unknown>, connector = http) =>
  connector.call('http.request', input, ctx);

describe('http.request', () => {
  it('returns status, selected headers and a JSON body', async () => {
    const { output } = await request({ method: 'GET', url: `${base}/json` });
    expect(output).toMatchObject({ status: 200, body: { ok: true }, truncated: false });
    expect(output.headers).toMatchObject({ 'content-type': 'application/json', etag: '"v1"' });
    expect(output.headers).not.toHaveProperty('x-secret');
  });

  it('sends a JSON body, and text back as text', async () => {
    const { output } = await request({ method: 'POST', url: `${base}/echo`, body: { a: 1 } });
    expect(output.body).toBe('echo {"a":1}');
  });

  it('truncates bodies at 64 KiB', async () => {
    const { output } = await request({ method: 'GET', url: `${base}/big` });
    expect(output.truncated).toBe(true);
    expect((output.body as string).length).toBe(MAX_BODY_BYTES);
  });

  it('follows redirects itself, turning a 303 after POST into GET', async () => {
    const { output } = await request({ method: 'POST', url: `${base}/to-json`, body: 'x' });
    expect(output).toMatchObject({ status: 200, url: `${base}/json`, body: { ok: true } });
    expect(seen.at(-1)?.method).toBe('GET');
    await expect(request({ method: 'GET', url: `${base}/loop` })).rejects.toMatchObject({
      code: 'too_many_redirects',
    });
  });

  it('maps 5xx to a retryable error and 4xx to a final one', async () => {
    await expect(request({ method: 'GET', url: `${base}/boom` })).rejects.toMatchObject({
      code: 'unavailable',
      retryable: true,
      message: expect.stringContaining('down for maintenance'),
    });
    await expect(request({ method: 'GET', url: `${base}/nope` })).rejects.toMatchObject({
      code: 'not_found',
      retryable: false,
    });
  });
});

describe('http.request refuses cloud metadata', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://169.254.170.2/v2/credentials',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fe80::1]/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://METADATA.google.internal./computeMetadata/v1/',
    'http://metadata.azure.com/metadata/instance',
    'http://2852039166/latest/meta-data/',
    'http://0xa9.0xfe.0xa9.0xfe/',
  ])('%s', async (url) => {
    await expect(request({ method: 'GET', url })).rejects.toMatchObject({ code: 'forbidden_address' });
  });

  it('a hostname that resolves to a metadata address, by any of its addresses', async () => {
    await expect(request({ method: 'GET', url: 'http://sneaky.test/' })).rejects.toMatchObject({
      code: 'forbidden_address',
      message: expect.stringContaining('169.254.169.254'),
    });
    await expect(request({ method: 'GET', url: 'http://sneaky6.test/' })).rejects.toMatchObject({
      code: 'forbidden_address',
    });
  });

  it('a redirect to the metadata address, by address or by name', async () => {
    const before = seen.length;
    await expect(request({ method: 'GET', url: `${base}/to-metadata` })).rejects.toMatchObject({
      code: 'forbidden_address',
    });
    await expect(request({ method: 'GET', url: `${base}/to-sneaky` })).rejects.toMatchObject({
      code: 'forbidden_address',
    });
    expect(seen.length).toBe(before + 2);
  });

  it('recognizes metadata addresses', () => {
    expect(isMetadataAddress('169.254.169.254')).toBe(true);
    expect(isMetadataAddress('::ffff:a9fe:a9fe')).toBe(true);
    expect(isMetadataAddress('fd00:ec2:0::254')).toBe(true);
    expect(isMetadataAddress('127.0.0.1')).toBe(false);
    expect(isMetadataAddress('2001:db8::1')).toBe(false);
  });
});

describe('WARRANT_HTTP_ALLOWED_HOSTS', () => {
  const limited = new HttpConnector({
    resolver,
    allowedHosts: parseAllowedHosts('127.0.0.1, *.example.com'),
  });

  it('allows listed hosts and suffixes, and refuses others', async () => {
    await expect(request({ method: 'GET', url: `${base}/json` }, limited)).resolves.toMatchObject({
      output: { status: 200 },
    });
    await expect(request({ method: 'GET', url: 'http://fine.test/' }, limited)).rejects.toMatchObject({
      code: 'host_not_allowed',
    });
    await expect(request({ method: 'GET', url: 'http://example.com/' }, limited)).rejects.toMatchObject({
      code: 'host_not_allowed',
    });
  });

  it('still refuses a listed name that resolves to a metadata address', async () => {
    const listed = new HttpConnector({
      resolver: async () => ['169.254.169.254'],
      allowedHosts: ['api.example.com'],
    });
    await expect(request({ method: 'GET', url: 'http://api.example.com/' }, listed)).rejects.toMatchObject({
      code: 'forbidden_address',
    });
  });

  it('parses the variable', () => {
    expect(parseAllowedHosts(undefined)).toBeUndefined();
    expect(parseAllowedHosts(' , ')).toBeUndefined();
    expect(parseAllowedHosts('A.example.com,*.b.io')).toEqual(['a.example.com', '*.b.io']);
  });
});
