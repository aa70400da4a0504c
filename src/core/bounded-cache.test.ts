import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.ts';

describe('the bounded cache', () => {
  it('forgets the least recently used entry beyond its capacity', () => {
    const cache = new BoundedCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([1, undefined, 3, 2]);
  });

  it('keeps nothing with capacity 0', () => {
    const cache = new BoundedCache<number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });
});
