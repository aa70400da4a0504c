import { createHmac, timingSafeEqual } from 'node:crypto';

// Signed, expiring download links of review packs: the signature is the authorization of the download route,
// so it binds the pack, the expiry and the actor the link was issued to.

/** The link key is derived from the audit signer key, which every process of an installation shares. */
export const deriveLinkKey = (signerKey: string): Buffer =>
  createHmac('sha256', signerKey).update('warrant review-pack links v1').digest();

const mac = (key: Buffer, packId: string, expires: number, actorId: string) =>
  createHmac('sha256', key).update(`${packId}\n${expires}\n${actorId}`).digest('base64url');

export function signLink(key: Buffer, packId: string, actorId: string, expires: number): string {
  const query = new URLSearchParams({
    expires: String(expires),
    actor: actorId,
    sig: mac(key, packId, expires, actorId),
  });
  return `/v1/governance/packs/${packId}/download?${query}`;
}

export type LinkCheck = 'ok' | 'invalid' | 'expired';

export function checkLink(
  key: Buffer,
  packId: string,
  query: { expires: string; actor: string; sig: string },
  now: Date,
): LinkCheck {
  const expires = Number(query.expires);
  if (!Number.isSafeInteger(expires)) return 'invalid';
  const expected = Buffer.from(mac(key, packId, expires, query.actor));
  const given = Buffer.from(query.sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  return now.getTime() >= expires * 1000 ? 'expired' : 'ok';
}
