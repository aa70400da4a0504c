import type { createRemoteJWKSet } from 'jose';
import type { Config } from '../config/schema.ts';
import { Problem } from '../core/problem.ts';
import { type Role, roles } from '../core/roles.ts';
import type { Authenticator } from '../core/route-module.ts';
import type { TenancyService } from './service.ts';

const unauthorized = (detail: string) => new Problem(401, 'unauthorized', detail);

/**
 * Resolves `Authorization: Bearer …` to an actor: Warrant API keys first, then, when an issuer is
 * configured, OIDC access tokens verified against its JWKS. The token names its tenant in the
 * `warrant_tenant` claim and its roles in `warrant_roles`.
 */
export function createAuthenticator(deps: {
  gateway: Pick<Config['gateway'], 'oidc_issuer' | 'oidc_audience' | 'oidc_client_id'>;
  tenancy: Pick<TenancyService, 'authenticateKey' | 'actorForOidc'>;
}): Authenticator {
  const { gateway, tenancy } = deps;
  const { oidc_issuer: issuer, oidc_audience: audience, oidc_client_id: clientId } = gateway;
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  // The key set's address comes from the issuer's discovery document, fetched on first use.
  const keySet = async () => {
    if (!jwks) {
      const discovery = await fetch(`${issuer!.replace(/\/$/, '')}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(5000),
      });
      const { jwks_uri: uri } = (await discovery.json()) as { jwks_uri?: string };
      if (!uri) throw new Error('the issuer publishes no jwks_uri');
      // jose loads with the first OIDC token, not with every server (most see only API keys).
      const { createRemoteJWKSet } = await import('jose');
      jwks = createRemoteJWKSet(new URL(uri), { timeoutDuration: 5000 });
    }
    return jwks;
  };
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw unauthorized('send an API key as "Authorization: Bearer <key>"');
    const token = match[1]!;
    if (token.startsWith('wrt_') || !issuer) {
      const actor = await tenancy.authenticateKey(token);
      if (!actor) throw unauthorized('the API key is unknown or revoked');
      return actor;
    }
    let payload: Record<string, unknown>;
    try {
      const [{ jwtVerify }, keys] = await Promise.all([import('jose'), keySet()]);
      ({ payload } = await jwtVerify(token, keys, { issuer, audience: audience ?? clientId }));
    } catch (error) {
      throw unauthorized(`the OIDC token was refused: ${(error as Error).message}`);
    }
    const tenant = typeof payload.warrant_tenant === 'string' ? payload.warrant_tenant : undefined;
    const claimed = Array.isArray(payload.warrant_roles) ? payload.warrant_roles : [];
    const granted = claimed.filter((role): role is Role => roles.includes(role as Role));
    if (!tenant || typeof payload.sub !== 'string')
      throw unauthorized('the OIDC token names no tenant or subject');
    const name = typeof payload.email === 'string' ? payload.email : payload.sub;
    const actor = await tenancy.actorForOidc({ subject: payload.sub, tenant, roles: granted, name });
    if (!actor) throw unauthorized('the OIDC token names an unknown tenant');
    return actor;
  };
}
