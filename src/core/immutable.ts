// Values frozen here, all the way down: anything reachable from them can never change, so a result
// derived from one (a validation, a hash, a screen) may be kept for as long as the value lives.
const deeplyFrozen = new WeakSet<object>();

/** Freezes a JSON-like value and everything in it, and remembers that it did. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || deeplyFrozen.has(value)) return value;
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  Object.freeze(value);
  deeplyFrozen.add(value);
  return value;
}

/** Whether deepFreeze froze this value (a merely shallow-frozen object is not enough). */
export const isDeeplyFrozen = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && deeplyFrozen.has(value);

/**
 * Memoizes `derive` per deeply frozen value; anything else is derived afresh on every call, since it
 * may have changed since the last one.
 */
export function memoizeFrozen<K extends object, V>(derive: (value: K) => V): (value: K) => V {
  const derived = new WeakMap<K, V>();
  return (value) => {
    if (!isDeeplyFrozen(value)) return derive(value);
    if (derived.has(value)) return derived.get(value)!;
    const result = derive(value);
    derived.set(value, result);
    return result;
  };
}
