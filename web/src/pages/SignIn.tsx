import { useId, useState } from 'react';
import { Problem } from '../components/Problem.tsx';
import { ApiError, getJson } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import type { Actor } from '../lib/types.ts';

interface AuthConfig {
  api_key: boolean;
  oidc: { issuer: string; client_id: string | null } | null;
}

/** An API key (or an OIDC access token) checked against /v1/whoami before the session keeps it. */
export function SignIn({ onSignedIn }: { onSignedIn: (key: string, actor: Actor) => void }) {
  const config = useLoad(() => getJson<AuthConfig>('/v1/auth/config', ''), []);
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [showOidc, setShowOidc] = useState(false);
  const keyId = useId();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const { actor } = await getJson<{ actor: Actor }>('/v1/whoami', key.trim());
      onSignedIn(key.trim(), actor);
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
      {oidc && (
        <section aria-label="Single sign-on">
          <button type="button" onClick={() => setShowOidc(true)}>
            Sign in with your identity provider
          </button>
          {showOidc && (
            <p>
              This server accepts access tokens from <a href={oidc.issuer}>{oidc.issuer}</a>
              {oidc.client_id ? ` (client ${oidc.client_id})` : ''}. Get one from your identity provider and
              paste it in the field above.
            </p>
          )}
        </section>
      )}
    </main>
  );
}
