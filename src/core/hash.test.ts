import { describe, expect, it } from 'vitest';
import { canonicalHash } from './hash.ts';

describe('canonicalHash', () => {
  it('refuses values without a JSON form', () => {
    expect(() => canonicalHash(undefined)).toThrow(TypeError);
  });
});
