/**
 * A fake OIDC identity provider for a public client: discovery, JWKS, an /authorize that answers at once by
 * redirecting back with a code (or with `state.refuse` as the OAuth error), and a /token that checks the PKCE
 * verifier against the S256 challenge recorded for that code and returns an RS256 access token for `claims`.
 * Discovery and /token answer CORS for `state.consoleOrigin`, as an IdP serving single-page apps does.
 */
import { createHash, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { type FakeResponse, type FakeServer, startFake } from './server.ts';

export interface FakeIdpState {
  clientId: string;
  /** Where /authorize may send the browser back to, and the origin its fetches come from. */
  consoleOrigin: string;
  /** An OAuth error code /authorize answers with instead of a code. */
  refuse?: string;
  /** A reason /token refuses the exchange with (`invalid_grant`). */
  refuseToken?: string;
  /** The S256 challenge and redirect URI of each code not yet exchanged. */
  codes: Map<string, { challenge: string; redirectUri: string }>;
  /** The query of every /authorize request. */
  authorizations: URLSearchParams[];
  /** Codes exchanged after their verifier matched. */
  exchanged: number;
  accessToken: string;
}

export async function startFakeIdp(
  clientId: string,
  claims: Record<string, unknown>,
): Promise<FakeServer<FakeIdpState>> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
  const state: FakeIdpState = {
    clientId,
    consoleOrigin: '',
    codes: new Map(),
    authorizations: [],
    exchanged: 0,
    accessToken: '',
  };
  const cors = () => ({ 'access-control-allow-origin': state.consoleOrigin });
  const tokenError = (error: string, description: string): FakeResponse => ({
    status: 400,
    headers: cors(),
    body: { error, error_description: description },
  });
  const fake: FakeServer<FakeIdpState> = await startFake(state, [
    {
      method: 'GET',
      path: /^\/\.well-known\/openid-configuration$/,
      handle: () => ({
        status: 200,
        headers: cors(),
        body: {
          issuer: fake.url,
          authorization_endpoint: `${fake.url}/authorize`,
          token_endpoint: `${fake.url}/token`,
          jwks_uri: `${fake.url}/jwks`,
          code_challenge_methods_supported: ['S256'],
        },
      }),
    },
    { method: 'GET', path: /^\/jwks$/, handle: () => ({ status: 200, body: { keys: [jwk] } }) },
    {
      method: 'GET',
      path: /^\/authorize$/,
      handle: ({ query }): FakeResponse => {
        state.authorizations.push(query);
        const redirectUri = query.get('redirect_uri') ?? '';
        const challenge = query.get('code_challenge');
        // Errors about the client or its redirect URI go to the user, never back to an unchecked address.
        if (
          query.get('client_id') !== state.clientId ||
          redirectUri !== `${state.consoleOrigin}/auth/callback`
        )
          return {
            status: 400,
            text: 'unknown client or redirect_uri',
            headers: { 'content-type': 'text/plain' },
          };
        const back = new URL(redirectUri);
        back.searchParams.set('state', query.get('state') ?? '');
        if (state.refuse) {
          back.searchParams.set('error', state.refuse);
          back.searchParams.set('error_description', 'The user declined to sign in.');
        } else if (
          query.get('response_type') !== 'code' ||
          query.get('code_challenge_method') !== 'S256' ||
          !challenge
        ) {
          back.searchParams.set('error', 'invalid_request');
          back.searchParams.set('error_description', 'PKCE with S256 is required.');
        } else {
          const code = randomBytes(16).toString('hex');
          state.codes.set(code, { challenge, redirectUri });
          back.searchParams.set('code', code);
        }
        return { status: 302, headers: { location: back.href } };
      },
    },
    {
      method: 'POST',
      path: /^\/token$/,
      handle: ({ body }) => {
        const form = new URLSearchParams(typeof body === 'string' ? body : '');
        const code = form.get('code') ?? '';
        const issued = state.codes.get(code);
        state.codes.delete(code);
        if (form.get('grant_type') !== 'authorization_code' || form.get('client_id') !== state.clientId)
          return tokenError('invalid_request', 'unexpected grant_type or client_id');
        if (!issued || form.get('redirect_uri') !== issued.redirectUri)
          return tokenError('invalid_grant', 'unknown code or another redirect_uri');
        const verified = createHash('sha256')
          .update(form.get('code_verifier') ?? '')
          .digest('base64url');
        if (verified !== issued.challenge) return tokenError('invalid_grant', 'PKCE verification failed');
        if (state.refuseToken) return tokenError('invalid_grant', state.refuseToken);
        state.exchanged++;
        return {
          status: 200,
          headers: { ...cors(), 'cache-control': 'no-store' },
          body: { access_token: state.accessToken, token_type: 'Bearer', expires_in: 300 },
        };
      },
    },
  ]);
  // Signed once the issuer's address is known; every exchange hands out the same token.
  state.accessToken = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
    .setIssuer(fake.url)
    .setAudience(clientId)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(privateKey);
  return fake;
}
