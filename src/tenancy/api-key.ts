import { hash, randomBytes } from 'node:crypto';

/**
 * Keys look like `wrt_<id>_<secret>`: the id finds the row, the secret is checked against its
 * SHA-256. The secret has 256 bits of entropy, so a fast hash is enough (no password stretching).
 */
const KEY_PATTERN = /^wrt_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedKey {
  id: string;
  token: string;
  secretHash: Buffer;
}

export function generateApiKey(): GeneratedKey {
  const id = randomBytes(10).toString('hex').slice(0, 16);
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `wrt_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(token: string): { id: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

export const hashSecret = (secret: string): Buffer => hash('sha256', secret, 'buffer');

/**
 * Whether a secret hashes to the stored hash (as hex). Hex digests are compared because they are several
 * times cheaper to make than Buffers, and this runs on every authenticated request; the comparison
 * takes the same time wherever the digests differ.
 */
export const secretMatches = (secret: string, storedHex: string): boolean => {
  const candidate = hash('sha256', secret, 'hex');
  if (candidate.length !== storedHex.length) return false;
  let difference = 0;
  for (let i = 0; i < candidate.length; i++) difference |= candidate.charCodeAt(i) ^ storedHex.charCodeAt(i);
  return difference === 0;
};
