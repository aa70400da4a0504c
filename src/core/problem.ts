/**
 * An error a client can act on: rendered as application/problem+json (RFC 9457) with a stable `code`.
 */
export class Problem extends Error {
  readonly status: number;
  readonly code: string;
  readonly extra: Record<string, unknown>;
  constructor(status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
    super(detail);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

/** Missing and out-of-tenant look the same on purpose: nothing leaks across tenants. */
export const notFound = (what: string) => new Problem(404, 'not_found', `${what} not found`);

export const forbidden = (detail: string, code = 'forbidden') => new Problem(403, code, detail);

export const conflict = (detail: string, code = 'conflict', extra: Record<string, unknown> = {}) =>
  new Problem(409, code, detail, extra);

export const invalid = (detail: string, code = 'validation_failed', extra: Record<string, unknown> = {}) =>
  new Problem(400, code, detail, extra);
