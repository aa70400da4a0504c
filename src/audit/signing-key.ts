import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config/schema.ts';
import { generateSignerKey } from './checkpoint.ts';

/** One key per installation signs every tenant's checkpoints; its name is the log family's. */
export const SIGNING_KEY_NAME = 'warrant.dev/audit';

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * The installation's checkpoint signer key (note format): read from `audit.signing_key_path`, or from
 * `$WARRANT_HOME/audit-signing-key`, created there (mode 0600) on first start. Processes that share a database
 * must share this file, or their checkpoints would not verify with one public key.
 */
export function loadSigningKey(config: Config, home: string): string {
  const path = config.audit.signing_key_path ?? join(home, 'audit-signing-key');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  const { signerKey } = generateSignerKey(SIGNING_KEY_NAME);
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
    return signerKey;
  } catch (error) {
    // Another process created it first: use theirs.
    if (errorCode(error) !== 'EEXIST') throw error;
    return readFileSync(path, 'utf8').trim();
  }
}
