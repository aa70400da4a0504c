import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepFreeze, isDeeplyFrozen, memoizeFrozen } from './immutable.ts';

const everyObjectIn = (value: unknown): object[] =>
  typeof value === 'object' && value !== null ? [value, ...Object.values(value).flatMap(everyObjectIn)] : [];

describe('deepFreeze', () => {
  it('freezes every object in a JSON value and changes nothing in it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = structuredClone(value);
        const frozen = deepFreeze(copy);
        expect(frozen).toEqual(value);
        for (const inner of everyObjectIn(frozen)) {
          expect(Object.isFrozen(inner)).toBe(true);
          expect(isDeeplyFrozen(inner)).toBe(true);
        }
      }),
    );
  });

  it('does not take a shallow freeze for a deep one', () => {
    expect(isDeeplyFrozen(Object.freeze({ inner: {} }))).toBe(false);
    expect(isDeeplyFrozen('text')).toBe(false);
  });
});

describe('memoizeFrozen', () => {
  it('derives once per deeply frozen value and every time for anything else', () => {
    let calls = 0;
    const size = memoizeFrozen((value: { items: number[] }) => {
      calls++;
      return value.items.length;
    });
    const frozen = deepFreeze({ items: [1, 2] });
    expect([size(frozen), size(frozen), calls]).toEqual([2, 2, 1]);
    const open = { items: [1] };
    expect(size(open)).toBe(1);
    open.items.push(2);
    expect([size(open), calls]).toEqual([2, 3]);
  });
});
