import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * A private key kept in a file: read from `path`, or made by `create` and written there (mode 0600) on first
 * use. Processes that start together race to create it; the loser reads the winner's (`wx` never overwrites).
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
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    return readFileSync(path, 'utf8').trim();
  }
}
