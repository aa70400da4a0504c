const HOUR_MS = 3_600_000;

/** Milliseconds since the epoch of an ISO 8601 timestamp; a malformed one is a caller bug, so it throws. */
export function instant(at: string): number {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 timestamp: ${at}`);
  return ms;
}

/** `at` plus `hours`, as a UTC ISO 8601 timestamp. */
export function addHours(at: string, hours: number): string {
  return new Date(instant(at) + hours * HOUR_MS).toISOString();
}
