import { join } from 'node:path';
import { generateCosignerKey } from '../audit/cosignature.ts';
import type { Config } from '../config/schema.ts';
import { loadOrCreateKeyFile } from '../core/key-file.ts';

/**
 * The witness's cosigner key (PRIVATE+KEY+<name>+<key ID>+base64(0x04 || seed)): read from
 * `audit.witness.key_path`, or `$WARRANT_HOME/audit-witness-key`, created there on first start. It is not the
 * checkpoint key: tlog-cosignature asks a cosigner for a key of its own.
 */
export function loadWitnessKey(config: Config, home: string): string {
  const path = config.audit.witness.key_path ?? join(home, 'audit-witness-key');
  return loadOrCreateKeyFile(path, () => generateCosignerKey(config.audit.witness.name).signerKey);
}
