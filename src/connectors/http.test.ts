import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getCACertificates, setDefaultCACertificates, type TLSSocket } from 'node:tls';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from './connector.ts';
import { isMetadataAddress, parseAllowedHosts } from './egress.ts';
import { HttpConnector, MAX_BODY_BYTES, type Resolver, systemResolver } from './http.ts';

let server: Server;
let base: string;
const seen: { method: string; url: string; body: string; headers: IncomingHttpHeaders }[] = [];
const ctx: CallContext = { idempotencyKey: 'h', signal: new AbortController().signal, heartbeat() {} };

/** Names the tests point at chosen addresses; everything else resolves for real. */
const resolver: Resolver = async (host) => {
  if (host === 'sneaky.test') return ['93.184.215.14', '169.254.169.254'];
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
      seen.push({ method: req.method!, url: req.url!, body, headers: req.headers });
      const redirect = (location: string, status = 302) => res.writeHead(status, { location }).end();
      if (req.url?.startsWith('/redirect?to=')) {
        return redirect(new URL(req.url, 'http://x').searchParams.get('to')!);
      }
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
        case '/gzip':
          return res
            .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
            .end(gzipSync('{"packed":true}'));
        case '/bomb':
          // 64 MiB of zeros in a few KiB.
          return res
            .writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'br' })
            .end(brotliCompressSync(Buffer.alloc(64 * 1024 * 1024)));
        case '/boom':
          return res.writeHead(503).end('down for maintenance');
        case '/nope':
          return res.writeHead(404).end('no such thing');
        case '/stall':
          return;
        case '/stall-body':
          res.writeHead(200, { 'content-type': 'text/plain' }).write('partial');
          return;
        default:
          return res.writeHead(200, { 'content-type': 'text/plain' }).end(`echo ${body}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

/** Any public host, and the test names that stand for loopback named exactly (only that reaches it). */
const LISTED = ['*', '127.0.0.1', 'rebind.test', 'loop.test', 'pinned.test', 'other.test'];
const http = new HttpConnector({ resolver, allowedHosts: LISTED });
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
    expect(seen.at(-1)?.headers).toMatchObject({ 'content-type': 'application/json', 'content-length': '7' });
  });

  it('sends the default headers fetch sent, unless the caller set them', async () => {
    await request({ method: 'POST', url: `${base}/echo`, body: 'hi', headers: { Accept: 'text/plain' } });
    expect(seen.at(-1)?.headers).toMatchObject({
      accept: 'text/plain',
      'user-agent': 'node',
      'content-type': 'text/plain;charset=UTF-8',
      'content-length': '2',
      'idempotency-key': 'h',
    });
  });

  it('refuses credentials in the URL', async () => {
    const url = base.replace('http://', 'http://user:secret@');
    const before = seen.length;
    await expect(request({ method: 'GET', url: `${url}/json` })).rejects.toMatchObject({
      code: 'forbidden_url',
    });
    expect(seen).toHaveLength(before);
  });

  it('asks for compressed answers and decodes them, stopping a decompression bomb at the cap', async () => {
    const { output } = await request({ method: 'GET', url: `${base}/gzip` });
    expect(output.body).toEqual({ packed: true });
    expect(seen.at(-1)?.headers['accept-encoding']).toBe('gzip, deflate, br');
    const bomb = await request({ method: 'GET', url: `${base}/bomb` });
    expect(bomb.output).toMatchObject({ truncated: true });
    expect((bomb.output.body as string).length).toBe(MAX_BODY_BYTES);
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

  it('times out waiting for the answer or its body, and reports a cancelled call as cancelled', async () => {
    const quick = new HttpConnector({ resolver, allowedHosts: LISTED, timeoutMs: 200 });
    for (const path of ['/stall', '/stall-body']) {
      await expect(request({ method: 'GET', url: `${base}${path}` }, quick)).rejects.toMatchObject({
        code: 'unavailable',
        retryable: true,
        message: 'http unreachable: The operation was aborted due to timeout',
      });
    }
    const controller = new AbortController();
    const call = http.call(
      'http.request',
      { method: 'GET', url: `${base}/stall-body` },
      { ...ctx, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ code: 'cancelled', retryable: false });
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

describe('http.request connects only to the address it checked (no DNS rebinding)', () => {
  /** Counts its calls; answers loopback the first time and the metadata address every time after. */
  function rebinding() {
    const calls: string[] = [];
    const rebinder: Resolver = async (host) => {
      calls.push(host);
      return calls.length === 1 ? ['127.0.0.1'] : ['169.254.169.254'];
    };
    return { calls, connector: new HttpConnector({ resolver: rebinder, allowedHosts: LISTED }) };
  }
  const port = () => new URL(base).port;

  it('resolves the name once and sends the request to that address, with the original Host', async () => {
    const { calls, connector } = rebinding();
    const url = `http://rebind.test:${port()}/json`;
    const { output } = await request({ method: 'GET', url }, connector);
    expect(output).toMatchObject({ status: 200, url, body: { ok: true } });
    expect(seen.at(-1)).toMatchObject({ url: '/json', headers: { host: `rebind.test:${port()}` } });
    expect(calls).toEqual(['rebind.test']);
  });

  it('resolves and checks each redirect hop once, refusing a hop whose answer changed', async () => {
    const { calls, connector } = rebinding();
    const before = seen.length;
    // /loop redirects to itself: the first hop is checked as loopback, the second now resolves to metadata.
    await expect(
      request({ method: 'GET', url: `http://rebind.test:${port()}/loop` }, connector),
    ).rejects.toMatchObject({
      code: 'forbidden_address',
      message: expect.stringContaining('169.254.169.254'),
    });
    expect(calls).toEqual(['rebind.test', 'rebind.test']);
    expect(seen.length).toBe(before + 1);
  });

  it('looks a name up exactly once per hop', async () => {
    let calls = 0;
    const counting = new HttpConnector({
      allowedHosts: LISTED,
      maxRedirects: 2,
      resolver: async () => {
        calls++;
        return ['127.0.0.1'];
      },
    });
    const before = seen.length;
    await expect(
      request({ method: 'GET', url: `http://loop.test:${port()}/loop` }, counting),
    ).rejects.toMatchObject({ code: 'too_many_redirects' });
    expect(calls).toBe(3);
    expect(seen.length).toBe(before + 3);
  });

  it('refuses a name that resolves to no address at all', async () => {
    const empty = new HttpConnector({ resolver: async () => [], allowedHosts: LISTED });
    await expect(request({ method: 'GET', url: 'http://void.test/' }, empty)).rejects.toMatchObject({
      code: 'unresolvable',
    });
  });
});

/** Self-signed, for pinned.test only, valid 2000–2100; trusted by this file's process alone. */
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgBiKIdZzsevoo4sW+
JNCllPqg3cyPOiFVVH4rokn4KeGhRANCAATNl+yKid1OnQhrhEoMErMQDQELBfQY
tpV3MhR64Smib0ulpUo7Zi4spM4XjK2VGg9rI8E0A5PqntfkuGzlT/9I
-----END PRIVATE KEY-----`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBaDCCAQ2gAwIBAgIBATAKBggqhkjOPQQDAjAWMRQwEgYDVQQDDAtwaW5uZWQu
dGVzdDAgFw0wMDAxMDEwMDAwMDBaGA8yMTAwMDEwMTAwMDAwMFowFjEUMBIGA1UE
AwwLcGlubmVkLnRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATNl+yKid1O
nQhrhEoMErMQDQELBfQYtpV3MhR64Smib0ulpUo7Zi4spM4XjK2VGg9rI8E0A5Pq
ntfkuGzlT/9Io0owSDAPBgNVHRMBAf8EBTADAQH/MBYGA1UdEQQPMA2CC3Bpbm5l
ZC50ZXN0MB0GA1UdDgQWBBR9hzDzC7ApovPYcs6cGA2GbnJtmzAKBggqhkjOPQQD
AgNJADBGAiEAlpq+LTW7bPBKKMYOJqlB0yuRPXVjIsubYn2LEXaHPXYCIQDgaJEd
Hn6iq4sPUjMVcy1Dx1q6E0z873VfNfTbj/sQ7w==
-----END CERTIFICATE-----`;

describe('https to a pinned address', () => {
  const trusted = getCACertificates('default');
  const tlsServer = createTlsServer({ key: TEST_KEY, cert: TEST_CERT }, (req, res) => {
    const servername = (req.socket as TLSSocket).servername;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ servername, host: req.headers.host }));
  });
  let port = 0;
  beforeAll(async () => {
    setDefaultCACertificates([...trusted, TEST_CERT]);
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    port = (tlsServer.address() as AddressInfo).port;
  });
  afterAll(() => {
    setDefaultCACertificates(trusted);
    return new Promise((resolve) => tlsServer.close(resolve));
  });
  const loopback = new HttpConnector({ resolver: async () => ['127.0.0.1'], allowedHosts: LISTED });

  it('sends SNI and checks the certificate against the name, not the address it connects to', async () => {
    const { output } = await request({ method: 'GET', url: `https://pinned.test:${port}/` }, loopback);
    expect(output.body).toEqual({ servername: 'pinned.test', host: `pinned.test:${port}` });
    await expect(
      request({ method: 'GET', url: `https://other.test:${port}/` }, loopback),
    ).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining("other.test. is not in the cert's altnames"),
    });
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

describe('egress: no host until listed, and nothing internal unless named exactly', () => {
  const everywhere = new HttpConnector({ resolver, allowedHosts: ['*'] });

  it('refuses every call while WARRANT_HTTP_ALLOWED_HOSTS is unset, without contacting the host', async () => {
    const before = seen.length;
    for (const connector of [
      new HttpConnector({ resolver }),
      new HttpConnector({ resolver, allowedHosts: parseAllowedHosts('') }),
    ]) {
      await expect(request({ method: 'GET', url: `${base}/json` }, connector)).rejects.toMatchObject({
        code: 'host_not_allowed',
        message: expect.stringContaining('WARRANT_HTTP_ALLOWED_HOSTS is not set'),
      });
    }
    expect(seen).toHaveLength(before);
  });

  it.each([
    ['IPv4-compatible', 'http://[::a9fe:a9fe]/latest/meta-data/'],
    ['IPv4-compatible, dotted', 'http://[::169.254.169.254]/'],
    ['IPv4-mapped', 'http://[::ffff:169.254.169.254]/'],
    ['IPv4-mapped, hex', 'http://[::ffff:a9fe:a9fe]/'],
    ['IPv4-translated', 'http://[::ffff:0:a9fe:a9fe]/'],
    ['NAT64 well-known prefix', 'http://[64:ff9b::a9fe:a9fe]/'],
    ['NAT64 well-known prefix, dotted', 'http://[64:ff9b::169.254.169.254]/'],
    ['NAT64 local-use /48 prefix', 'http://[64:ff9b:1:a9fe:a9:fe00::]/'],
    ['6to4', 'http://[2002:a9fe:a9fe::]/'],
    ['6to4 with a host part', 'http://[2002:a9fe:a9fe:1::1]/'],
    ['Teredo client', 'http://[2001:0:4136:e378:8000:63bf:5601:5601]/'],
    ['AWS IPv6', 'http://[fd00:ec2:0:0::254]/'],
  ])('refuses metadata as %s even when every host is allowed', async (_form, url) => {
    await expect(request({ method: 'GET', url }, everywhere)).rejects.toMatchObject({
      code: 'forbidden_address',
      message: expect.stringContaining('cloud metadata'),
    });
  });

  it('refuses a name whose AAAA record embeds the metadata address', async () => {
    const nat64 = new HttpConnector({ resolver: async () => ['64:ff9b::a9fe:a9fe'], allowedHosts: ['*'] });
    await expect(request({ method: 'GET', url: 'http://api.example.com/' }, nat64)).rejects.toMatchObject({
      code: 'forbidden_address',
      message: expect.stringContaining('cloud metadata'),
    });
  });

  it.each([
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[64:ff9b::7f00:1]/',
    'http://[2002:7f00:1::]/',
    'http://0/',
    'http://[::]/',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://[fc00::1]/',
    'http://[fd12:3456::1]/',
  ])('refuses the non-public address %s under a wildcard, without contacting it', async (url) => {
    const before = seen.length;
    await expect(request({ method: 'GET', url }, everywhere)).rejects.toMatchObject({
      code: 'forbidden_address',
      message: expect.stringContaining('is not a public address'),
    });
    expect(seen).toHaveLength(before);
  });

  it('refuses a name under an allowed suffix that resolves to a private address', async () => {
    const suffix = new HttpConnector({ resolver: async () => ['10.0.0.7'], allowedHosts: ['*.example.com'] });
    await expect(request({ method: 'GET', url: 'http://db.example.com/' }, suffix)).rejects.toMatchObject({
      code: 'forbidden_address',
      message:
        'refused: db.example.com (10.0.0.7) is not a public address; name the host exactly in WARRANT_HTTP_ALLOWED_HOSTS to allow it (a wildcard does not)',
    });
  });

  describe('a loopback server named in the list, redirecting to Warrant', () => {
    let warrant: Server;
    let warrantPort = 0;
    let warrantHits = 0;
    beforeAll(async () => {
      // Stands in for Warrant's own API on loopback: it must never be reached.
      warrant = createServer((_req, res) => {
        warrantHits++;
        res.writeHead(200).end('{}');
      });
      await new Promise<void>((resolve) => warrant.listen(0, '127.0.0.1', resolve));
      warrantPort = (warrant.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((resolve) => warrant.close(resolve)));

    const named = () =>
      new HttpConnector({
        allowedHosts: parseAllowedHosts('localhost, *'),
        ownAddress: `127.0.0.1:${warrantPort}`,
        // Only localhost's IPv4 address: the test server listens on 127.0.0.1 alone.
        resolver: async (host) => (await systemResolver(host)).filter((a) => a === '127.0.0.1'),
      });
    const serverPort = () => new URL(base).port;

    it('reaches the host listed by name', async () => {
      const { output } = await request(
        { method: 'GET', url: `http://localhost:${serverPort()}/json` },
        named(),
      );
      expect(output).toMatchObject({ status: 200, body: { ok: true } });
    });

    it.each([
      (port: number) => `http://127.0.0.1:${port}/v1/whoami`,
      (port: number) => `http://2130706433:${port}/v1/whoami`,
      (port: number) => `http://[::ffff:127.0.0.1]:${port}/v1/whoami`,
    ])('refuses its redirect to Warrant on loopback (%#)', async (target) => {
      const location = encodeURIComponent(target(warrantPort));
      const url = `http://localhost:${serverPort()}/redirect?to=${location}`;
      await expect(request({ method: 'GET', url }, named())).rejects.toMatchObject({
        code: 'forbidden_address',
      });
      expect(warrantHits).toBe(0);
    });
  });
});
