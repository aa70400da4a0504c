import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateCosignerKey } from '../audit/cosignature.ts';
import type { Config } from '../config/schema.ts';

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * The witness's cosigner key (PRIVATE+KEY+<name>+<key ID>+base64(0x04 || seed)): read from
 * `audit.witness.key_path`, or `$WARRANT_HOME/audit-witness-key`, created there (mode 0600) on first start. It is
 * not the checkpoint key: tlog-cosignature asks a cosigner for a key of its own.
 */
export function loadWitnessKey(config: Config, home: string): string {
  const path = config.audit.witness.key_path ?? join(home, 'audit-witness-key');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  const { signerKey } = generateCosignerKey(config.audit.witness.name);
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
