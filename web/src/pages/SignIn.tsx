import { useEffect, useId, useState } from 'react';
import { Problem } from '../components/Problem.tsx';
import { ApiError, getJson } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import { CALLBACK_PATH, completeOidcSignIn, startOidcSignIn } from '../lib/oidc.ts';
import { navigate } from '../lib/router.ts';
import type { Actor } from '../lib/types.ts';

interface AuthConfig {
  api_key: boolean;
  oidc: { issuer: string; client_id: string | null } | null;
}

/**
 * An API key, or an OIDC access token from the identity provider's redirect to CALLBACK_PATH, checked against
 * /v1/whoami before the session keeps it.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (key: string, actor: Actor) => void }) {
  const config = useLoad(() => getJson<AuthConfig>('/v1/auth/config', ''), []);
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(location.pathname === CALLBACK_PATH);
  const keyId = useId();

  const accept = async (token: string) => {
    const { actor } = await getJson<{ actor: Actor }>('/v1/whoami', token);
    onSignedIn(token, actor);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the callback is read once, on arrival.
  useEffect(() => {
    if (location.pathname !== CALLBACK_PATH) return;
    const query = new URLSearchParams(location.search);
    // The code and state leave the address bar (and the history) whatever the outcome.
    navigate('/', { replace: true });
    completeOidcSignIn(query)
      .then(accept)
      .catch(setError)
      .finally(() => setBusy(false));
  }, []);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await accept(key.trim());
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401
          ? new Error('That key was refused. Check it and try again.')
          : caught,
      );
    }
  };

  const oidc = config.data?.oidc;
  return (
    <main className="sign-in">
      <h1>Warrant</h1>
      <p className="muted">No agent acts without a warrant.</p>
      <form onSubmit={(event) => void submit(event)} aria-label="Sign in">
        <label htmlFor={keyId}>API key</label>
        <input
          id={keyId}
          type="password"
          autoComplete="off"
          required
          value={key}
          onChange={(e) => setKey(e.target.value)}
          placeholder="wrt_…"
        />
        <button type="submit" className="primary">
          Sign in
        </button>
        <Problem error={error} />
        <p className="muted small">
          The key stays in this tab's session storage and goes only to this server. Ask an admin for one:{' '}
          <code>warrant keys create --role approver</code>.
        </p>
      </form>
      {oidc?.client_id && (
        <section aria-label="Single sign-on">
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setError(undefined);
              setBusy(true);
              startOidcSignIn(oidc.issuer, oidc.client_id!).catch((caught: unknown) => {
                setError(caught);
                setBusy(false);
              });
            }}
          >
            Sign in with {new URL(oidc.issuer).host}
          </button>
          {busy && <p role="status">Signing in with your identity provider…</p>}
        </section>
      )}
      {oidc && !oidc.client_id && (
        <p className="muted small">
          This server also accepts access tokens from <a href={oidc.issuer}>{oidc.issuer}</a>: paste one in
          the field above.
        </p>
      )}
    </main>
  );
}
