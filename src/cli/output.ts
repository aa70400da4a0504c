// What every command prints with: JSON on --json, aligned tables and names (not ids) otherwise.

import { ApiError, api, type ClientSettings } from './client.ts';

/** The exit codes of every command but `warrant hook` (README "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** The server refused or failed the request, a policy test failed, a run failed, an export is tampered. */
  refused: 1,
  /** Usage: unknown command or option, a missing argument, a file that cannot be read, the server unreachable. */
  usage: 2,
  /** `run watch --timeout` gave up while the run was still going. */
  pending: 3,
} as const;

/** Bad input found before any call: exits 2 like a usage error. */
export const usageError = (detail: string): ApiError => new ApiError(0, 'usage', detail);

export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

export const write = (text: string): void => {
  process.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
};

/** Columns padded to their widest cell; the last column is not padded. An empty list says so. */
export function table(headers: string[], rows: string[][], empty = '(none)'): string {
  if (rows.length === 0) return `${empty}\n`;
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

/** An ISO time as people read it in a terminal: `2026-12-05 08:31:57Z`; a dash when absent. */
export const when = (iso: string | null | undefined): string =>
  iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z` : '-';

/** The first 8 characters of an id, enough to tell rows apart; `show` commands take the whole id. */
export const short = (id: string | null | undefined): string => (id ? id.slice(0, 8) : '-');

export type NameOf = (id: string | null | undefined) => string;

/**
 * Names for the actor ids of the caller's tenant (GET /v1/actors); an id it does not know (or every id, when
 * the list cannot be read) is shown as it is.
 */
export async function actorNames(settings: ClientSettings): Promise<NameOf> {
  const names = new Map<string, string>();
  try {
    const { items } = await api<{ items: { id: string; name: string }[] }>(settings, 'GET', '/v1/actors');
    for (const item of items) names.set(item.id, item.name);
  } catch {
    // Names are a courtesy: an id is still the truth.
  }
  return (id) => (id ? (names.get(id) ?? id) : '-');
}

/** `key=value` pairs of a flat record, for one-line details. */
export const pairs = (record: Record<string, unknown>, skip: string[] = []): string =>
  Object.entries(record)
    .filter(
      ([key, value]) =>
        !skip.includes(key) &&
        value !== undefined &&
        value !== null &&
        !(Array.isArray(value) && value.length === 0),
    )
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
