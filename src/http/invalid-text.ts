/**
 * PostgreSQL text cannot hold U+0000, and an unpaired surrogate ("\ud800" in JSON) is not text in any
 * encoding: either fails deep inside a transaction, as a 500 that also rolls back whatever the request
 * should have recorded. So they are refused at the door, in JSON bodies (keys included), query strings
 * and path parameters, with one answer: 400 `invalid_text`.
 */
import { Problem } from '../core/problem.ts';

export const isValidText = (text: string): boolean => text.isWellFormed() && !text.includes('\0');

/** A container still to look into, with the way to it (for the message). */
interface Pending {
  value: object;
  key: string;
  parent: Pending | undefined;
}

/**
 * Where in `value` (a parsed JSON value, a query or params object) a string or key is not valid text,
 * as a path under `root`; undefined when all of it is. Iterative, so no nesting depth overflows the stack.
 */
export function invalidTextPath(value: unknown, root: string): string | undefined {
  if (typeof value === 'string') return isValidText(value) ? undefined : root;
  if (typeof value !== 'object' || value === null) return undefined;
  const pending: Pending[] = [{ value, key: root, parent: undefined }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const isArray = Array.isArray(next.value);
    for (const [key, inner] of Object.entries(next.value)) {
      const step = isArray ? `[${key}]` : `.${JSON.stringify(key).slice(1, -1)}`;
      if ((!isArray && !isValidText(key)) || (typeof inner === 'string' && !isValidText(inner)))
        return pathOf(next) + step;
      if (typeof inner === 'object' && inner !== null)
        pending.push({ value: inner, key: step, parent: next });
    }
  }
  return undefined;
}

function pathOf(at: Pending): string {
  let path = '';
  for (let p: Pending | undefined = at; p; p = p.parent) path = p.key + path;
  return path;
}

/**
 * Whether every percent-escape in the URL's query decodes to UTF-8 text. The query parser keeps an escape it
 * cannot decode (%ED%A0%80, an unpaired surrogate in CESU-8; a stray %) as it is, where a path is refused.
 */
export function queryDecodes(url: string): boolean {
  const at = url.indexOf('?');
  if (at < 0 || !url.includes('%', at)) return true;
  try {
    decodeURIComponent(url.slice(at + 1));
    return true;
  } catch {
    return false;
  }
}

export const invalidText = (where: string) =>
  new Problem(
    400,
    'invalid_text',
    `${where}: text may not contain a NUL character (U+0000) or an unpaired surrogate (U+D800 to U+DFFF)`,
  );

/** Throws 400 invalid_text when `value` holds a string or key that is not valid text. */
export function refuseInvalidText(value: unknown, root: string): void {
  const where = invalidTextPath(value, root);
  if (where !== undefined) throw invalidText(where);
}
