// OIDC sign-in as a public client: the authorization code flow with PKCE (RFC 7636, S256), all in the browser.
// The access token it ends with is kept and sent like an API key; the server verifies it against the issuer.
export const CALLBACK_PATH = '/auth/callback';

const PENDING = 'warrant.oidc_pending';

interface Pending {
  state: string;
  verifier: string;
  token_endpoint: string;
  client_id: string;
}

interface Discovery {
  issuer?: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
}

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const random = (size: number) => base64url(crypto.getRandomValues(new Uint8Array(size)));

/** An OAuth error response (RFC 6749 §4.1.2.1, §5.2) in words: what failed, the code, and the IdP's reason. */
const oauthError = (what: string, code: string, description: string | null | undefined) =>
  new Error(`${what} (${code})${description ? `: ${description}` : '.'}`);

const redirectUri = () => `${location.origin}${CALLBACK_PATH}`;

/** Fetches the issuer's discovery document, keeps the verifier and state for the callback, and leaves. */
export async function startOidcSignIn(issuer: string, clientId: string): Promise<void> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`).catch(() => {
    throw new Error(`The identity provider at ${issuer} could not be reached.`);
  });
  if (!response.ok)
    throw new Error(`The identity provider's discovery document failed (${response.status}).`);
  const discovery = (await response.json()) as Discovery;
  // OIDC Discovery §4.3: a document for another issuer must not be used.
  if (discovery.issuer !== issuer) throw new Error(`The discovery document is for ${discovery.issuer}.`);
  if (!discovery.authorization_endpoint || !discovery.token_endpoint)
    throw new Error('The identity provider publishes no authorization or token endpoint.');
  const verifier = random(32);
  const state = random(16);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const pending: Pending = { state, verifier, token_endpoint: discovery.token_endpoint, client_id: clientId };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  for (const [name, value] of Object.entries({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email',
    state,
    code_challenge: base64url(new Uint8Array(digest)),
    code_challenge_method: 'S256',
  }))
    url.searchParams.set(name, value);
  location.assign(url);
}

async function exchange(query: URLSearchParams): Promise<string> {
  const stored = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  const error = query.get('error');
  if (error)
    throw oauthError('The identity provider refused the sign-in', error, query.get('error_description'));
  const pending = stored ? (JSON.parse(stored) as Pending) : undefined;
  // The state ties this answer to the request this tab made; anything else may be a forged callback.
  if (!pending || query.get('state') !== pending.state)
    throw new Error('This sign-in answer does not match a sign-in started in this tab. Please start again.');
  const code = query.get('code');
  if (!code) throw new Error('The identity provider sent no authorization code.');
  const response = await fetch(pending.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: pending.client_id,
      code_verifier: pending.verifier,
    }),
  }).catch(() => {
    throw new Error('The identity provider could not be reached to exchange the code.');
  });
  const answer = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !answer.access_token) {
    const code = answer.error ?? `HTTP ${response.status}`;
    throw oauthError('The identity provider did not issue a token', code, answer.error_description);
  }
  return answer.access_token;
}

let completing: Promise<string> | undefined;

/** The access token for the callback's query; once per page load, as a code is good for one exchange only. */
export function completeOidcSignIn(query: URLSearchParams): Promise<string> {
  // React's StrictMode runs effects twice in development.
  completing ??= exchange(query);
  return completing;
}
