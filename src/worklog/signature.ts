import { verify } from '@octokit/webhooks-methods';

export type SignatureCheck = { ok: true } | { ok: false; code: 'signature_missing' | 'signature_invalid' };

/**
 * GitHub's `X-Hub-Signature-256` (HMAC-SHA256 of the raw body, `sha256=<hex>`), compared in constant time.
 * The body must be the bytes as received: re-serialized JSON would not match.
 */
export async function checkSignature(
  secret: string,
  raw: Buffer,
  header: string | undefined,
): Promise<SignatureCheck> {
  if (!header) return { ok: false, code: 'signature_missing' };
  if (!/^sha256=[0-9a-f]{64}$/.test(header)) return { ok: false, code: 'signature_invalid' };
  return (await verify(secret, raw.toString('utf8'), header))
    ? { ok: true }
    : { ok: false, code: 'signature_invalid' };
}
