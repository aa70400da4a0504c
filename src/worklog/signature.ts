import { createHmac } from 'node:crypto';
import { verify } from '@octokit/webhooks-methods';

type Refusal = { ok: false; code: 'signature_missing' | 'signature_invalid' };
export type SignatureCheck = { ok: true } | Refusal;

/** Why a header cannot be a signature at all, before any secret is tried; undefined when it has the shape. */
export function malformedSignature(header: string | undefined): Refusal | undefined {
  if (!header) return { ok: false, code: 'signature_missing' };
  if (!/^sha256=[0-9a-f]{64}$/.test(header)) return { ok: false, code: 'signature_invalid' };
  return undefined;
}

/**
 * GitHub's `X-Hub-Signature-256` (HMAC-SHA256 of the raw body, `sha256=<hex>`), compared in constant time.
 * The body must be the bytes as received: re-serialized JSON would not match.
 */
export async function checkSignature(
  secret: string,
  raw: Buffer,
  header: string | undefined,
): Promise<SignatureCheck> {
  const malformed = malformedSignature(header);
  if (malformed) return malformed;
  return (await verify(secret, raw.toString('utf8'), header!))
    ? { ok: true }
    : { ok: false, code: 'signature_invalid' };
}

/**
 * A tenant's GitHub webhook secret, derived from the installation's (HMAC keyed by it over the tenant id):
 * each tenant signs its own deliveries, none can sign another's, and no secret is stored.
 */
export const tenantWebhookSecret = (installationSecret: string, tenantId: string): string =>
  createHmac('sha256', installationSecret).update(`warrant.github-webhook.v1:${tenantId}`).digest('hex');
