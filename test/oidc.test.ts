import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, keyFor, startHarness } from './harness.ts';

// A local OIDC issuer: discovery document and JWKS over HTTP, tokens signed with its key.
let issuer: Server;
let issuerUrl: string;
let privateKey: CryptoKey;
let h: Harness;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  issuer = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer: issuerUrl, jwks_uri: `${issuerUrl}/jwks` }));
    } else res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
  issuerUrl = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
  h = await startHarness({
    config: { gateway: { oidc_issuer: issuerUrl, oidc_audience: 'warrant' } } as never,
  });
  await keyFor(h, 'acme', 'viewer');
});
afterAll(async () => {
  await h?.close();
  issuer?.close();
});

const token = (claims: Record<string, unknown>, key: CryptoKey = privateKey, iss = issuerUrl) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(iss)
    .setAudience('warrant')
    .setSubject('user-42')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);

describe('OIDC bearer tokens', () => {
  it('signs in a user of the tenant the token names, with its roles', async () => {
    const jwt = await token({
      warrant_tenant: 'acme',
      warrant_roles: ['approver', 'emperor'],
      email: 'ada@acme.test',
    });
    const who = await h.call<{ actor: Record<string, unknown> }>('GET', '/v1/whoami', { key: jwt });
    expect(who.status).toBe(200);
    expect(who.body.actor).toMatchObject({
      type: 'user',
      name: 'ada@acme.test',
      roles: ['approver'],
      tenant_name: 'acme',
    });
    // The same subject is the same actor next time.
    const again = await h.call<{ actor: { id: string } }>('GET', '/v1/whoami', { key: jwt });
    expect(again.body.actor.id).toBe(who.body.actor.id);
  });

  it('refuses a token from another key, another issuer, or for an unknown tenant', async () => {
    const stranger = (await generateKeyPair('RS256')).privateKey;
    for (const jwt of [
      await token({ warrant_tenant: 'acme' }, stranger),
      await token({ warrant_tenant: 'acme' }, privateKey, 'http://evil.example'),
      await token({ warrant_tenant: 'nope' }),
      await token({}),
    ]) {
      const res = await h.call<{ code: string }>('GET', '/v1/whoami', { key: jwt });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthorized');
    }
  });

  it('still accepts API keys', async () => {
    expect((await h.call('GET', '/v1/whoami')).status).toBe(200);
  });
});
