// Ed25519 witness cosignatures, c2sp.org/tlog-cosignature (cosignature/v1), byte for byte:
//   key ID     SHA-256(<name> || "\n" || 0x04 || 32-byte public key)[:4]
//   signature  u64 big-endian timestamp || Ed25519 signature
//   message    "cosignature/v1\n" || "time <timestamp>\n" || the checkpoint's note body (with its final newline)
// The line is an ordinary signed-note signature line, so a checkpoint with cosignatures appended is still a note
// every note reader accepts (unknown signatures are ignored).
import { sign, verify } from 'node:crypto';
import {
  ALG_COSIGNATURE_ED25519,
  generateSignerKey,
  parseSignedNote,
  parseSignerKey,
  parseVerifierKey,
  type SignerKey,
  type VerifierKey,
} from './checkpoint.ts';

const TIMESTAMP_SIZE = 8;
const SIGNATURE_SIZE = 64;

/** A witness's verifier key (vkey with type 0x04). */
export const parseCosignerKey = (text: string): VerifierKey =>
  parseVerifierKey(text, ALG_COSIGNATURE_ED25519);
/** A witness's signer key: `PRIVATE+KEY+<name>+<key ID>+base64(0x04 || seed)`. */
export const parseCosignerSignerKey = (text: string): SignerKey =>
  parseSignerKey(text, ALG_COSIGNATURE_ED25519);
export const generateCosignerKey = (name: string) => generateSignerKey(name, ALG_COSIGNATURE_ED25519);

/** The message a cosigner signs: the fixed header, the time line, then the checkpoint body. */
export function cosignedMessage(body: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${body}`);
}

/** The signature line (without its newline) of a cosignature over `body` made at `timestamp` (POSIX seconds). */
export function cosign(body: string, key: SignerKey, timestamp: number): string {
  if (!Number.isSafeInteger(timestamp) || timestamp <= 0)
    throw new RangeError('a cosignature has a timestamp');
  const stamp = Buffer.alloc(TIMESTAMP_SIZE);
  stamp.writeBigUInt64BE(BigInt(timestamp));
  const signature = sign(null, cosignedMessage(body, timestamp), key.privateKey);
  return `\u2014 ${key.name} ${Buffer.concat([key.keyHash, stamp, signature]).toString('base64')}`;
}

export interface Cosignature {
  readonly name: string;
  readonly timestamp: number;
  readonly line: string;
}

/**
 * The valid cosignatures on a signed checkpoint by the given witness keys, one per key at most. Lines by other
 * keys are ignored, as the note format asks; a line by a given key that does not verify counts for nothing.
 */
export function validCosignatures(note: string, keys: readonly VerifierKey[]): Cosignature[] {
  const { body, signatures } = parseSignedNote(note);
  const found = new Map<VerifierKey, Cosignature>();
  for (const line of signatures) {
    const key = keys.find(
      (k) => k.name === line.name && Buffer.compare(Buffer.from(k.keyHash), Buffer.from(line.keyHash)) === 0,
    );
    if (key === undefined || found.has(key) || line.signature.length !== TIMESTAMP_SIZE + SIGNATURE_SIZE)
      continue;
    const stamp = Buffer.from(line.signature.subarray(0, TIMESTAMP_SIZE)).readBigUInt64BE();
    if (stamp === 0n || stamp > BigInt(Number.MAX_SAFE_INTEGER)) continue;
    const timestamp = Number(stamp);
    if (
      verify(null, cosignedMessage(body, timestamp), key.publicKey, line.signature.subarray(TIMESTAMP_SIZE))
    )
      found.set(key, { name: key.name, timestamp, line: line.line });
  }
  return [...found.values()];
}
