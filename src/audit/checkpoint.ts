// Checkpoints as C2SP signed notes (c2sp.org/tlog-checkpoint, c2sp.org/signed-note) with Ed25519 keys in the
// string forms of Go's golang.org/x/mod/sumdb/note, so `note`-based tools and witnesses can read them:
//   verifier key  <name>+<8 hex key hash>+<base64(0x01 || 32-byte public key)>
//   signer key    PRIVATE+KEY+<name>+<8 hex key hash>+<base64(0x01 || 32-byte Ed25519 seed)>
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { HASH_SIZE } from './merkle.ts';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
}

export interface SignerKey {
  readonly name: string;
  readonly keyHash: Uint8Array;
  readonly privateKey: KeyObject;
  readonly publicKey: Uint8Array;
}

export interface VerifierKey {
  readonly name: string;
  readonly keyHash: Uint8Array;
  readonly publicKey: KeyObject;
}

export type CheckpointErrorCode =
  /** The key string is not a valid Ed25519 note key. */
  | 'bad_key'
  /** The text is not a well-formed signed checkpoint. */
  | 'malformed'
  /** No signature line is by the given key: wrong key, or a note signed by someone else. */
  | 'unknown_key'
  /** A signature by the given key does not match the body: the note was altered or forged. */
  | 'bad_signature';

export class CheckpointError extends Error {
  readonly code: CheckpointErrorCode;
  constructor(code: CheckpointErrorCode, message: string) {
    super(message);
    this.name = 'CheckpointError';
    this.code = code;
  }
}

/** Signature types of c2sp.org/signed-note: Ed25519 note signatures, and Ed25519 tlog-cosignature/v1. */
export const ALG_ED25519 = 0x01;
export const ALG_COSIGNATURE_ED25519 = 0x04;
const SIGNATURE_SIZE = 64;
const SIG_PREFIX = '\u2014 ';
// DER wrappers that turn raw Ed25519 key bytes into key objects node:crypto accepts.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function fail(code: CheckpointErrorCode, message: string): never {
  throw new CheckpointError(code, message);
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Strict standard base64: rejects anything that does not re-encode to itself. */
export function fromB64(text: string): Uint8Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(b);
}

function validName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** The key ID of signed-note: SHA-256(name || "\n" || alg || public key)[:4]. */
export function computeKeyHash(name: string, publicKey: Uint8Array, alg = ALG_ED25519): Uint8Array {
  const digest = createHash('sha256').update(name).update(Uint8Array.of(0x0a, alg)).update(publicKey);
  return new Uint8Array(digest.digest().subarray(0, 4));
}

export function rawPublicKey(key: KeyObject): Uint8Array {
  const x = key.export({ format: 'jwk' }).x;
  if (x === undefined) fail('bad_key', 'not an Ed25519 key');
  return new Uint8Array(Buffer.from(x, 'base64url'));
}

function formatKey(
  prefix: string,
  name: string,
  keyHash: Uint8Array,
  keyBytes: Uint8Array,
  alg = ALG_ED25519,
): string {
  const body = new Uint8Array(1 + keyBytes.length);
  body[0] = alg;
  body.set(keyBytes, 1);
  return `${prefix}${name}+${Buffer.from(keyHash).toString('hex')}+${b64(body)}`;
}

/** Splits "<name>+<hex hash>+<base64(alg || key)>" and checks the hash against name and public key. */
function splitKey(
  text: string,
  alg = ALG_ED25519,
): { name: string; keyHash: Uint8Array; keyBytes: Uint8Array } {
  // Only the first two '+' separate fields: names never hold one, base64 may.
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) fail('bad_key', 'a note key has the form <name>+<hash>+<key>');
  const [name, hashHex, encoded] = [
    text.slice(0, first),
    text.slice(first + 1, second),
    text.slice(second + 1),
  ];
  const body = fromB64(encoded);
  if (!validName(name) || !/^[0-9a-f]{8}$/.test(hashHex) || body === undefined)
    fail('bad_key', 'malformed note key');
  if (body.length !== 33 || body[0] !== alg) fail('bad_key', `not an Ed25519 key of type 0x0${alg}`);
  return { name, keyHash: new Uint8Array(Buffer.from(hashHex, 'hex')), keyBytes: body.subarray(1) };
}

/** A verifier key string; `alg` 0x04 reads a tlog-cosignature (witness) key, see cosignature.ts. */
export function parseVerifierKey(text: string, alg = ALG_ED25519): VerifierKey {
  const { name, keyHash, keyBytes } = splitKey(text.trim(), alg);
  if (!sameBytes(keyHash, computeKeyHash(name, keyBytes, alg)))
    fail('bad_key', 'key hash does not match the key');
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, keyBytes]),
    format: 'der',
    type: 'spki',
  });
  return { name, keyHash, publicKey };
}

export function parseSignerKey(text: string, alg = ALG_ED25519): SignerKey {
  const trimmed = text.trim();
  if (!trimmed.startsWith('PRIVATE+KEY+')) fail('bad_key', 'a signer key starts with PRIVATE+KEY+');
  const { name, keyHash, keyBytes } = splitKey(trimmed.slice('PRIVATE+KEY+'.length), alg);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, keyBytes]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = rawPublicKey(privateKey);
  if (!sameBytes(keyHash, computeKeyHash(name, publicKey, alg)))
    fail('bad_key', 'key hash does not match the key');
  return { name, keyHash, privateKey, publicKey };
}

export function formatVerifierKey(key: SignerKey, alg = ALG_ED25519): string {
  return formatKey('', key.name, key.keyHash, key.publicKey, alg);
}

/**
 * The same Ed25519 key under another name: a note signature does not commit to the name, so one installation key
 * signs each tenant's checkpoints under that tenant's origin (the key ID changes with the name).
 */
export function renameSigner(key: SignerKey, name: string): SignerKey {
  if (!validName(name)) fail('bad_key', 'a key name is non-empty, without spaces or "+"');
  return { ...key, name, keyHash: computeKeyHash(name, key.publicKey) };
}

export function renameVerifier(key: VerifierKey, name: string): VerifierKey {
  if (!validName(name)) fail('bad_key', 'a key name is non-empty, without spaces or "+"');
  return { ...key, name, keyHash: computeKeyHash(name, rawPublicKey(key.publicKey)) };
}

/** The verifier key string of `key` (a SignerKey) renamed; what a tenant's verifiers and witnesses configure. */
export function verifierKeyNamed(key: SignerKey, name: string): string {
  return formatVerifierKey(renameSigner(key, name));
}

/** A new Ed25519 key pair as note key strings; `name` is conventionally the log's origin. */
export function generateSignerKey(
  name: string,
  alg = ALG_ED25519,
): { signerKey: string; verifierKey: string } {
  if (!validName(name)) fail('bad_key', 'a key name is non-empty, without spaces or "+"');
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = new Uint8Array(
    privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519_PREFIX.length),
  );
  const publicKey = rawPublicKey(privateKey);
  const keyHash = computeKeyHash(name, publicKey, alg);
  return {
    signerKey: formatKey('PRIVATE+KEY+', name, keyHash, seed, alg),
    verifierKey: formatKey('', name, keyHash, publicKey, alg),
  };
}

export function checkpointBody({ origin, size, rootHash }: Checkpoint): string {
  if (origin.length === 0 || /[\n\r]/.test(origin)) throw new RangeError('origin must be one non-empty line');
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError('size must be a non-negative integer');
  if (rootHash.length !== HASH_SIZE) throw new RangeError(`root hash must be ${HASH_SIZE} bytes`);
  return `${origin}\n${size}\n${b64(rootHash)}\n`;
}

/** Signs a checkpoint; with several keys, one signature line each, in the order given. */
export function signCheckpoint(
  checkpoint: Checkpoint,
  key: SignerKey | string | readonly SignerKey[],
): string {
  const signers = Array.isArray(key)
    ? key
    : [typeof key === 'string' ? parseSignerKey(key) : (key as SignerKey)];
  const body = checkpointBody(checkpoint);
  const lines = signers.map((signer) => {
    const signature = sign(null, Buffer.from(body), signer.privateKey);
    return `${SIG_PREFIX}${signer.name} ${b64(Buffer.concat([signer.keyHash, signature]))}\n`;
  });
  return `${body}\n${lines.join('')}`;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyHash: Uint8Array;
  /** The bytes after the key ID: a plain signature, or a timestamped one for cosignatures. */
  readonly signature: Uint8Array;
  /** The line as read, without its newline. */
  readonly line: string;
}

export interface SignedNote {
  /** The signed text, ending in its newline. */
  readonly body: string;
  readonly checkpoint: Checkpoint;
  readonly signatures: readonly NoteSignature[];
}

/** One signature line ("— <name> base64(key ID || signature)"); undefined when malformed. */
export function parseSignatureLine(line: string): NoteSignature | undefined {
  const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
  const blob = match ? fromB64(match[2]!) : undefined;
  if (!match || blob === undefined || blob.length < 5) return undefined;
  return { name: match[1]!, keyHash: blob.subarray(0, 4), signature: blob.subarray(4), line };
}

/** Splits a signed checkpoint into body, checkpoint and signature lines, verifying nothing; throws CheckpointError. */
export function parseSignedNote(text: string): SignedNote {
  const split = text.lastIndexOf('\n\n');
  if (split < 0 || !text.endsWith('\n'))
    fail('malformed', 'a signed note is a body, a blank line and signatures');
  const body = text.slice(0, split + 1);
  const signatures = text
    .slice(split + 2, -1)
    .split('\n')
    .map((line) => parseSignatureLine(line) ?? fail('malformed', 'malformed signature line'));
  return { body, checkpoint: parseBody(body), signatures };
}

function parseBody(body: string): Checkpoint {
  // Lines after the root are extension lines (tlog-checkpoint); they are signed but carry nothing for us.
  const [origin, sizeText, rootText] = body.slice(0, -1).split('\n');
  if (!origin || sizeText === undefined || rootText === undefined)
    fail('malformed', 'checkpoint body is too short');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    fail('malformed', 'checkpoint size is not a decimal integer');
  }
  const rootHash = fromB64(rootText);
  if (rootHash?.length !== HASH_SIZE) fail('malformed', 'checkpoint root is not a base64 SHA-256 hash');
  return { origin, size: Number(sizeText), rootHash };
}

/**
 * Parses a signed checkpoint and checks it carries a valid signature by `key` (or by one of `key`s, all of which
 * are checked where they signed); lines by other keys (witnesses' cosignatures) are skipped. Throws CheckpointError.
 */
export function parseAndVerifyCheckpoint(
  text: string,
  key: VerifierKey | string | readonly VerifierKey[],
): Checkpoint {
  const verifiers = Array.isArray(key)
    ? key
    : [typeof key === 'string' ? parseVerifierKey(key) : (key as VerifierKey)];
  const note = parseSignedNote(text);
  let signed = false;
  for (const line of note.signatures) {
    const verifier = verifiers.find((v) => line.name === v.name && sameBytes(line.keyHash, v.keyHash));
    if (verifier === undefined) continue;
    if (
      line.signature.length !== SIGNATURE_SIZE ||
      !verify(null, Buffer.from(note.body), verifier.publicKey, line.signature)
    ) {
      fail('bad_signature', `signature by ${verifier.name} does not match the checkpoint`);
    }
    signed = true;
  }
  if (!signed)
    fail('unknown_key', `checkpoint is not signed by ${verifiers.map((v) => v.name).join(' or ')}`);
  return note.checkpoint;
}
