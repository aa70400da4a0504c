import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

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

export const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret).digest();

export const secretMatches = (secret: string, stored: Uint8Array): boolean => {
  const candidate = hashSecret(secret);
  return stored.length === candidate.length && timingSafeEqual(candidate, stored);
};
