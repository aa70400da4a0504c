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

const ALG_ED25519 = 0x01;
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
function fromB64(text: string): Uint8Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(b);
}

function validName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

function computeKeyHash(name: string, publicKey: Uint8Array): Uint8Array {
  const digest = createHash('sha256').update(name).update(Uint8Array.of(0x0a, ALG_ED25519)).update(publicKey);
  return new Uint8Array(digest.digest().subarray(0, 4));
}

function rawPublicKey(key: KeyObject): Uint8Array {
  const x = key.export({ format: 'jwk' }).x;
  if (x === undefined) fail('bad_key', 'not an Ed25519 key');
  return new Uint8Array(Buffer.from(x, 'base64url'));
}

function formatKey(prefix: string, name: string, keyHash: Uint8Array, keyBytes: Uint8Array): string {
  const body = new Uint8Array(1 + keyBytes.length);
  body[0] = ALG_ED25519;
  body.set(keyBytes, 1);
  return `${prefix}${name}+${Buffer.from(keyHash).toString('hex')}+${b64(body)}`;
}

/** Splits "<name>+<hex hash>+<base64(alg || key)>" and checks the hash against name and public key. */
function splitKey(text: string): { name: string; keyHash: Uint8Array; keyBytes: Uint8Array } {
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
  if (body.length !== 33 || body[0] !== ALG_ED25519) fail('bad_key', 'not an Ed25519 note key');
  return { name, keyHash: new Uint8Array(Buffer.from(hashHex, 'hex')), keyBytes: body.subarray(1) };
}

export function parseVerifierKey(text: string): VerifierKey {
  const { name, keyHash, keyBytes } = splitKey(text.trim());
  if (!sameBytes(keyHash, computeKeyHash(name, keyBytes))) fail('bad_key', 'key hash does not match the key');
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, keyBytes]),
    format: 'der',
    type: 'spki',
  });
  return { name, keyHash, publicKey };
}

export function parseSignerKey(text: string): SignerKey {
  const trimmed = text.trim();
  if (!trimmed.startsWith('PRIVATE+KEY+')) fail('bad_key', 'a signer key starts with PRIVATE+KEY+');
  const { name, keyHash, keyBytes } = splitKey(trimmed.slice('PRIVATE+KEY+'.length));
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, keyBytes]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = rawPublicKey(privateKey);
  if (!sameBytes(keyHash, computeKeyHash(name, publicKey)))
    fail('bad_key', 'key hash does not match the key');
  return { name, keyHash, privateKey, publicKey };
}

export function formatVerifierKey(key: SignerKey): string {
  return formatKey('', key.name, key.keyHash, key.publicKey);
}

/** A new Ed25519 key pair as note key strings; `name` is conventionally the log's origin. */
export function generateSignerKey(name: string): { signerKey: string; verifierKey: string } {
  if (!validName(name)) fail('bad_key', 'a key name is non-empty, without spaces or "+"');
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = new Uint8Array(
    privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519_PREFIX.length),
  );
  const publicKey = rawPublicKey(privateKey);
  const keyHash = computeKeyHash(name, publicKey);
  return {
    signerKey: formatKey('PRIVATE+KEY+', name, keyHash, seed),
    verifierKey: formatKey('', name, keyHash, publicKey),
  };
}

function checkpointBody({ origin, size, rootHash }: Checkpoint): string {
  if (origin.length === 0 || /[\n\r]/.test(origin)) throw new RangeError('origin must be one non-empty line');
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError('size must be a non-negative integer');
  if (rootHash.length !== HASH_SIZE) throw new RangeError(`root hash must be ${HASH_SIZE} bytes`);
  return `${origin}\n${size}\n${b64(rootHash)}\n`;
}

export function signCheckpoint(checkpoint: Checkpoint, key: SignerKey | string): string {
  const signer = typeof key === 'string' ? parseSignerKey(key) : key;
  const body = checkpointBody(checkpoint);
  const signature = sign(null, Buffer.from(body), signer.privateKey);
  return `${body}\n${SIG_PREFIX}${signer.name} ${b64(Buffer.concat([signer.keyHash, signature]))}\n`;
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

/** Parses a signed checkpoint and checks it carries a valid signature by `key`; throws CheckpointError. */
export function parseAndVerifyCheckpoint(text: string, key: VerifierKey | string): Checkpoint {
  const verifier = typeof key === 'string' ? parseVerifierKey(key) : key;
  const split = text.lastIndexOf('\n\n');
  if (split < 0 || !text.endsWith('\n'))
    fail('malformed', 'a signed note is a body, a blank line and signatures');
  const body = text.slice(0, split + 1);
  const signatureLines = text.slice(split + 2, -1).split('\n');
  const checkpoint = parseBody(body);
  let signed = false;
  for (const line of signatureLines) {
    const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
    const blob = match ? fromB64(match[2]!) : undefined;
    if (!match || blob === undefined || blob.length < 5) fail('malformed', 'malformed signature line');
    if (match[1] !== verifier.name || !sameBytes(blob.subarray(0, 4), verifier.keyHash)) continue;
    const signature = blob.subarray(4);
    if (
      signature.length !== SIGNATURE_SIZE ||
      !verify(null, Buffer.from(body), verifier.publicKey, signature)
    ) {
      fail('bad_signature', `signature by ${verifier.name} does not match the checkpoint`);
    }
    signed = true;
  }
  if (!signed) fail('unknown_key', `checkpoint is not signed by ${verifier.name}`);
  return checkpoint;
}
