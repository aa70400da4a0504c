import { describe, expect, it } from 'vitest';
import { generateApiKey, parseApiKey, secretMatches } from './api-key.ts';

describe('API keys', () => {
  it('verify their own secret and no other', () => {
    const key = generateApiKey();
    const parsed = parseApiKey(key.token)!;
    const stored = key.secretHash.toString('hex');
    expect(parsed.id).toBe(key.id);
    expect(secretMatches(parsed.secret, stored)).toBe(true);
    expect(secretMatches(parseApiKey(generateApiKey().token)!.secret, stored)).toBe(false);
    // One character off, anywhere, is refused.
    const last = parsed.secret.at(-1) === 'A' ? 'B' : 'A';
    expect(secretMatches(`${parsed.secret.slice(0, -1)}${last}`, stored)).toBe(false);
    expect(secretMatches(parsed.secret, stored.slice(0, -2))).toBe(false);
  });

  it('refuse malformed tokens before any lookup', () => {
    for (const token of ['', 'wrt_', 'wrt_short_secret', `xyz_${'a'.repeat(16)}_${'b'.repeat(43)}`])
      expect(parseApiKey(token)).toBeUndefined();
  });
});
