// Audit proofs checked in the browser with WebCrypto: the RFC 9162 inclusion check of src/audit/merkle.ts and the
// C2SP signed-note check of src/audit/checkpoint.ts. Those use node:crypto's synchronous calls, which a browser
// does not have, so the same algorithms are written here against crypto.subtle (tested against them).
import canonicalize from 'canonicalize';

const HASH_SIZE = 32;
const ALG_ED25519 = 0x01;
const SIGNATURE_SIZE = 64;

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
}

export class VerifyError extends Error {}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(parts)));
}

export const leafHash = (data: Uint8Array): Promise<Uint8Array> => sha256(Uint8Array.of(0), data);
const nodeHash = (left: Uint8Array, right: Uint8Array) => sha256(Uint8Array.of(1), left, right);

export function fromHex(hex: string): Uint8Array {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new VerifyError('not a hex string');
  return Uint8Array.from(hex.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
}

export const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Strict standard base64: rejects anything that does not re-encode to itself. */
function fromB64(text: string): Uint8Array | undefined {
  try {
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    return btoa(String.fromCharCode(...bytes)) === text ? bytes : undefined;
  } catch {
    return undefined;
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** RFC 9162 §2.1.3.2, step by step (as verifyInclusion in src/audit/merkle.ts). */
export async function verifyInclusion(
  leafIndex: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(size) || leafIndex < 0 || leafIndex >= size) {
    return false;
  }
  if (![leaf, root, ...proof].every((h) => h.length === HASH_SIZE)) return false;
  let fn = leafIndex;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && sameBytes(r, root);
}

/** The bytes the log commits to: RFC 8785 canonical JSON of the event without its place in the log. */
export function eventLeafBytes(event: Readonly<Record<string, unknown>>): Uint8Array {
  const { leaf_index: _index, hash: _hash, ...content } = event;
  const text = canonicalize(content);
  if (text === undefined) throw new VerifyError('the event is not JSON');
  return new TextEncoder().encode(text);
}

interface VerifierKey {
  name: string;
  keyHash: Uint8Array;
  key: CryptoKey;
}

/** "<name>+<8 hex key hash>+<base64(0x01 || Ed25519 public key)>", its hash checked against name and key. */
async function parseVerifierKey(text: string): Promise<VerifierKey> {
  // Only the first two '+' separate fields: names never hold one, base64 may.
  const trimmed = text.trim();
  const first = trimmed.indexOf('+');
  const second = trimmed.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw new VerifyError('the public key is not a note key');
  const [name, hashHex, encoded] = [
    trimmed.slice(0, first),
    trimmed.slice(first + 1, second),
    trimmed.slice(second + 1),
  ];
  const body = fromB64(encoded);
  if (!name || /[\s+]/u.test(name) || !/^[0-9a-f]{8}$/.test(hashHex) || body?.length !== 33) {
    throw new VerifyError('the public key is malformed');
  }
  if (body[0] !== ALG_ED25519) throw new VerifyError('the public key is not an Ed25519 key');
  const raw = body.subarray(1);
  const keyHash = fromHex(hashHex);
  const expected = (
    await sha256(new TextEncoder().encode(name), Uint8Array.of(0x0a, ALG_ED25519), raw)
  ).subarray(0, 4);
  if (!sameBytes(keyHash, expected)) throw new VerifyError('the key hash does not match the key');
  const key = await crypto.subtle.importKey('raw', concat([raw]), { name: 'Ed25519' }, false, ['verify']);
  return { name, keyHash, key };
}

function parseBody(body: string): Checkpoint {
  const [origin, sizeText, rootText] = body.slice(0, -1).split('\n');
  if (!origin || sizeText === undefined || rootText === undefined)
    throw new VerifyError('the checkpoint is too short');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText)))
    throw new VerifyError('the checkpoint size is not a decimal integer');
  const rootHash = fromB64(rootText);
  if (rootHash?.length !== HASH_SIZE) throw new VerifyError('the checkpoint root is not a SHA-256 hash');
  return { origin, size: Number(sizeText), rootHash };
}

/** Parses a signed checkpoint and checks its Ed25519 signature by `publicKey`; throws VerifyError. */
export async function parseAndVerifyCheckpoint(text: string, publicKey: string): Promise<Checkpoint> {
  const verifier = await parseVerifierKey(publicKey);
  const split = text.lastIndexOf('\n\n');
  if (split < 0 || !text.endsWith('\n')) throw new VerifyError('the checkpoint is not a signed note');
  const body = text.slice(0, split + 1);
  const checkpoint = parseBody(body);
  let signed = false;
  for (const line of text.slice(split + 2, -1).split('\n')) {
    const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
    const blob = match ? fromB64(match[2]!) : undefined;
    if (!match || blob === undefined || blob.length < 5)
      throw new VerifyError('a signature line is malformed');
    if (match[1] !== verifier.name || !sameBytes(blob.subarray(0, 4), verifier.keyHash)) continue;
    const signature = blob.subarray(4);
    const valid =
      signature.length === SIGNATURE_SIZE &&
      (await crypto.subtle.verify(
        'Ed25519',
        verifier.key,
        concat([signature]),
        new TextEncoder().encode(body),
      ));
    if (!valid) throw new VerifyError(`the signature by ${verifier.name} does not match the checkpoint`);
    signed = true;
  }
  if (!signed) throw new VerifyError(`the checkpoint is not signed by ${verifier.name}`);
  return checkpoint;
}

export interface InclusionProof {
  leaf_index: number;
  tree_size: number;
  inclusion: string[];
  checkpoint: string | null;
}

/**
 * Does `event` sit in the log the signed checkpoint commits to? Hashes the event itself (not the server's leaf
 * hash), checks the checkpoint's signature, then folds the proof up to the checkpoint's root.
 */
export async function verifyEventInclusion(
  event: Readonly<Record<string, unknown>>,
  proof: InclusionProof,
  checkpointNote: string,
  publicKey: string,
): Promise<Checkpoint> {
  const checkpoint = await parseAndVerifyCheckpoint(checkpointNote, publicKey);
  if (checkpoint.size !== proof.tree_size)
    throw new VerifyError(`the proof is for size ${proof.tree_size}, the checkpoint for ${checkpoint.size}`);
  const leaf = await leafHash(eventLeafBytes(event));
  const ok = await verifyInclusion(
    proof.leaf_index,
    checkpoint.size,
    leaf,
    proof.inclusion.map(fromHex),
    checkpoint.rootHash,
  );
  if (!ok) throw new VerifyError('the inclusion proof does not lead to the signed root');
  return checkpoint;
}
