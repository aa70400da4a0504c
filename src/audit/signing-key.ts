import { join } from 'node:path';
import type { Config } from '../config/schema.ts';
import { loadOrCreateKeyFile } from '../core/key-file.ts';
import { generateSignerKey } from './checkpoint.ts';

/** One key per installation signs every tenant's checkpoints; its name is the log family's. */
export const SIGNING_KEY_NAME = 'warrant.dev/audit';

/**
 * The installation's checkpoint signer key (note format): read from `audit.signing_key_path`, or from
 * `$WARRANT_HOME/audit-signing-key`, created there on first start. Processes that share a database must share
 * this file, or their checkpoints would not verify with one public key.
 */
export function loadSigningKey(config: Config, home: string): string {
  const path = config.audit.signing_key_path ?? join(home, 'audit-signing-key');
  return loadOrCreateKeyFile(path, () => generateSignerKey(SIGNING_KEY_NAME).signerKey);
}
