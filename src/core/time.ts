/** UTC ISO 8601 of a timestamp as a driver returns it (node-postgres gives Date, PGlite may give string). */
export function iso(value: Date | string): string;
export function iso(value: Date | string | null): string | null;
export function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
