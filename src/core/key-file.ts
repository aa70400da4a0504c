import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * A private key kept in a file: read from `path`, or made by `create` and written there (mode 0600) on first
 * use. Processes that start together race to create it; the loser reads the winner's, which is whole by then.
 */
export function loadOrCreateKeyFile(path: string, create: () => string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  const key = create();
  mkdirSync(dirname(path), { recursive: true });
  try {
    writePrivateFile(path, `${key}\n`, { exclusive: true });
    return key;
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    return readFileSync(path, 'utf8').trim();
  }
}

/**
 * Writes a private file (mode 0600) whole or not at all: the text goes to a file of its own first, which then
 * takes the name (a reader never sees it empty or half written, as it could between a create and a write).
 * `exclusive` never replaces a file that is there (EEXIST), as the `wx` flag would not.
 */
export function writePrivateFile(path: string, text: string, options: { exclusive?: boolean } = {}): void {
  const partial = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.partial`;
  writeFileSync(partial, text, { mode: 0o600, flag: 'wx' });
  try {
    if (options.exclusive) linkSync(partial, path);
    else renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
}
